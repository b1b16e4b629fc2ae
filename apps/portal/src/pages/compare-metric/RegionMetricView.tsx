/**
 * One metric for a regional lead: every authority of the region named, with counts, one of them
 * highlighted in the charts (chosen by the lead), and the other regions as groups.
 */
import { formatNumber } from '@csc-workforce/metrics-core';
import { useId, useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { SelectField } from '../../components/FormFields';
import { TargetCell } from '../../components/TargetTags';
import {
  changeText,
  earlierGroups,
  FUNNEL_SPREAD_NOTE,
  formatValue,
  funnelText,
  groupHeading,
  groupValueText,
  rangeText,
} from '../../lib/compare';
import { usePageTitle } from '../../lib/usePageTitle';
import {
  FunnelSection,
  MetricFooter,
  MetricHeading,
  type RegionData,
  SpreadSection,
  TrendSection,
  theMetric,
} from './shared';

type Metric = RegionData['metrics'][number];

/** The region's authorities with a value, named, the highlighted one marked. */
function authorityPoints(m: Metric, names: ReadonlyMap<string, string>, selected: string) {
  return m.authorities
    .filter((a) => a.value !== null)
    .map((a) => ({
      value: a.value as number,
      denominator: a.denominator,
      label: names.get(a.code) ?? a.code,
      own: a.code === selected,
    }));
}

function AuthoritiesTable({
  data,
  m,
  names,
}: {
  readonly data: RegionData;
  readonly m: Metric;
  readonly names: ReadonlyMap<string, string>;
}) {
  const id = m.metric.id;
  return (
    <DataTable
      id="authorities-caption"
      caption={`Authorities of ${data.region.name}, ${data.periodLabel}`}
      className="app-table--compact"
      columns={[
        'Authority',
        { label: m.metric.label, numeric: true },
        { label: 'Numerator', numeric: true },
        { label: 'Denominator', numeric: true },
        { label: 'Rank in the region', numeric: true },
        'Funnel plot (region)',
        'Since last quarter',
        'Target',
      ]}
      rows={m.authorities.map((a) => ({
        key: a.code,
        header: names.get(a.code),
        cells: [
          formatValue(id, a.value),
          a.numerator === null ? '–' : formatNumber(a.numerator, 1),
          a.denominator === null ? '–' : formatNumber(a.denominator, 1),
          a.region.rank === null ? '–' : `${a.region.rank} of ${a.region.n}`,
          a.region.funnel ? funnelText(id, a.region.funnel) : '–',
          changeText(a.change.previousQuarter, m.metric),
          <TargetCell key="target" metric={m.metric} target={a.target} />,
        ],
      }))}
    />
  );
}

function TrendByQuarterTable({ data, m }: { readonly data: RegionData; readonly m: Metric }) {
  const id = m.metric.id;
  return (
    <DataTable
      id="trend-caption"
      caption={`${m.metric.label} by quarter`}
      className="app-table--compact"
      columns={[
        'Quarter',
        ...[`${data.region.name} (pooled)`, 'England (pooled)', ...data.authorities.map((a) => a.name)].map(
          (label) => ({ label, numeric: true as const }),
        ),
      ]}
      rows={data.trend.map((t) => ({
        key: t.period,
        header: t.periodLabel,
        cells: [
          formatValue(id, t.region),
          formatValue(id, t.england),
          ...data.authorities.map((a) => formatValue(id, t.authorities[a.code])),
        ],
      }))}
    />
  );
}

function OtherRegionsTable({ data, m }: { readonly data: RegionData; readonly m: Metric }) {
  const id = m.metric.id;
  const earlier = earlierGroups(data);
  return (
    <DataTable
      id="other-regions-caption"
      caption={`Other regions, ${earlier ? `${earlier} as released` : data.periodLabel}`}
      captionClassName="govuk-table__caption--m"
      columns={[
        'Region',
        { label: 'Pooled', numeric: true },
        { label: 'Range', numeric: true },
        { label: 'Authorities', numeric: true },
      ]}
      rows={m.otherRegions.map((r) => ({
        key: r.code,
        header: r.name,
        cells: [groupValueText(id, r.group), rangeText(id, r.group), r.group.n],
      }))}
    />
  );
}

export function RegionMetricView({ data }: { readonly data: RegionData }) {
  const m = theMetric(data);
  const id = m.metric.id;
  usePageTitle(`${m.metric.label}: ${data.region.name}, ${data.periodLabel}`);
  const names = new Map(data.authorities.map((a) => [a.code, a.name]));
  const selectId = useId();
  const [selected, setSelected] = useState(data.authorities[0]?.code ?? '');
  const selectedName = names.get(selected) ?? '';
  const points = authorityPoints(m, names, selected);
  const target = m.region.status === 'shown' ? m.region.pooled : null;
  const funnelPoints = points.flatMap(({ denominator, ...p }) =>
    denominator !== null && denominator > 0 ? [{ ...p, denominator }] : [],
  );
  return (
    <>
      <MetricHeading caption={data.region.name} data={data} />
      <p className="govuk-body">
        {m.metric.formula}. {data.region.name} (pooled): {groupValueText(id, m.region)}; range {rangeText(id, m.region)}
        ; {groupHeading('England (pooled)', earlierGroups(data))}: {groupValueText(id, m.england)}.
      </p>
      <SelectField
        id={selectId}
        label="Highlight an authority in the charts"
        size="body"
        value={selected}
        options={data.authorities.map((a) => ({ value: a.code, label: a.name }))}
        onChange={setSelected}
      />
      <SpreadSection
        description={<p className="govuk-body">Each dot is one authority; {selectedName} is the larger red dot.</p>}
        chart={{
          metric: id,
          points: points.map(({ value, label, own }) => ({ value, label, own })),
          pooled: target,
          label: `Dot chart of ${points.length} authorities' ${m.metric.label.toLowerCase()} in ${data.region.name}; the table below lists them by name.`,
        }}
      >
        <AuthoritiesTable data={data} m={m} names={names} />
      </SpreadSection>
      <FunnelSection
        description={`Each authority's value against its size, with the range expected around the region's pooled figure: 95% limits (green dashed) and 99.8% limits (grey dotted). Outside the 95% limits is possibly, outside the 99.8% limits significantly, higher or lower than expected; the table above gives each authority's verdict. ${FUNNEL_SPREAD_NOTE}`}
        chart={
          target !== null && funnelPoints.length > 0 && m.metric.kind !== 'count'
            ? {
                metric: id,
                target,
                // One group, one τ²: every authority's funnel in the region carries it.
                tau2: m.authorities.find((a) => a.region.funnel)?.region.funnel?.tau2 ?? 0,
                points: funnelPoints,
                label: `Funnel plot of ${m.metric.label.toLowerCase()} for ${funnelPoints.length} authorities of ${data.region.name}; the table above has each verdict.`,
              }
            : null
        }
        instead={<p className="govuk-body">No funnel plot for this metric and quarter.</p>}
      >
        {null}
      </FunnelSection>
      <TrendSection
        data={data}
        own={{ name: selectedName, value: (i) => data.trend[i]?.authorities[selected] ?? null }}
        target={m.authorities.find((a) => a.code === selected)?.target ?? null}
        description={`${selectedName} against the region and England over the last ${data.trend.length} quarters; England as each quarter's latest release holds it (none for a quarter not released yet).`}
      >
        <TrendByQuarterTable data={data} m={m} />
      </TrendSection>
      <OtherRegionsTable data={data} m={m} />
      <MetricFooter data={data} />
    </>
  );
}
