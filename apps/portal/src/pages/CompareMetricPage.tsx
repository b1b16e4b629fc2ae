/**
 * One metric compared: (a) a dot chart of the region's values with an authority highlighted, (b) a
 * funnel plot, (c) the trend against the regional and national lines, and (d) under every chart a
 * table with the same numbers. Charts are loaded lazily; the tables render first. An authority user
 * and a regional lead see it differently (compare-metric/): what both views share is in shared.tsx.
 */
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { metricComparisonQuery } from '../api/queries';
import { AuthorityMetricView } from './compare-metric/AuthorityMetricView';
import { RegionMetricView } from './compare-metric/RegionMetricView';

const route = getRouteApi('/signed-in/compare/$period/$metric');

export function CompareMetricPage() {
  const { period, metric } = route.useParams();
  const data = useSuspenseQuery(metricComparisonQuery(period, metric)).data;
  return data.view === 'authority' ? <AuthorityMetricView data={data} /> : <RegionMetricView data={data} />;
}
