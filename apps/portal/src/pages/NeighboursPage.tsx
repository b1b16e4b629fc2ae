/**
 * "Statistical neighbours": the 10 authorities most like one, as the Department for Education's model
 * groups them, named (DfE publishes them), with their closeness; then, for one measure DfE publishes,
 * each neighbour's published figure beside the authority's own and the median of the neighbours' (the
 * yardstick of DfE's own dashboards), in the latest year and over the years. An authority user sees
 * their own authority's; a regional lead chooses one of the region's.
 */
import { formatMetricValue, type MetricId } from '@csc-workforce/metrics-core';
import type { Authority, Neighbours } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { lazy } from 'react';
import { neighboursQuery } from '../api/queries';
import { ChoicePicker } from '../components/ChoicePicker';
import { ChartSection } from '../components/charts/ChartSection';
import { DataTable } from '../components/DataTable';
import { TableHead } from '../components/TableHead';
import { TableScroll } from '../components/TableScroll';
import { usePageTitle } from '../lib/usePageTitle';
import { isAuthorityUser, useUser } from '../session';

const NeighboursTrendChart = lazy(() =>
  import('../components/charts/plots').then((m) => ({ default: m.NeighboursTrendChart })),
);

const route = getRouteApi('/signed-in/compare/neighbours');

/** The measure shown first: the vacancy rate, the question asked first. */
const DEFAULT_MEASURE: MetricId = 'vacancyRate';

/** What a value DfE did not publish (suppressed, not available, or no neighbour in the exchange) reads as. */
const NOT_PUBLISHED = 'Not published';

type Closeness = NonNullable<Neighbours['neighbours'][number]['closeness']>;
type Measure = Neighbours['measures'][number];

/** The GOV.UK tag colour of each closeness band; the band's words are always the tag's text. */
const CLOSENESS_COLOUR: Record<Closeness, string> = {
  'Extremely close': 'govuk-tag--green',
  'Very close': 'govuk-tag--turquoise',
  Close: 'govuk-tag--blue',
  'Somewhat close': 'govuk-tag--light-blue',
  'Not close': 'govuk-tag--grey',
};

function ClosenessTag({ closeness }: { readonly closeness: Closeness | null }) {
  if (!closeness) return <>Not given</>;
  return <strong className={`govuk-tag ${CLOSENESS_COLOUR[closeness]}`}>{closeness}</strong>;
}

/** A published value, or "Not published". */
const valueText = (metric: MetricId, value: number | null | undefined) =>
  formatMetricValue(metric, value ?? null, { missing: NOT_PUBLISHED });

/** "Median of the 10 neighbours: 17.3%", saying when fewer than all of them have a published figure. */
function medianText(metric: MetricId, year: Measure['years'][number], neighbours: number): string {
  if (year.median === null) return `None of the ${neighbours} neighbours has a published figure`;
  const of =
    year.of === neighbours
      ? `the ${neighbours} neighbours`
      : `the ${year.of} of ${neighbours} neighbours with a published figure`;
  return `Median of ${of}: ${formatMetricValue(metric, year.median)}`;
}

/** The latest year of a measure with any published figure (the authority's or a neighbour's). */
function latestYear(measure: Measure): Measure['years'][number] | undefined {
  const published = measure.years.filter((y) => y.own !== null || y.of > 0);
  return published.at(-1) ?? measure.years.at(-1);
}

/** A regional lead's choice of the region's authorities, kept in the address. */
function AuthorityPicker({ choices, current }: { readonly choices: readonly Authority[]; readonly current: string }) {
  const navigate = useNavigate();
  return (
    <ChoicePicker
      label="Authority"
      current={current}
      options={choices.map((a) => ({ value: a.code, label: a.name }))}
      onChoose={(authority) => void navigate({ to: '/compare/neighbours', search: (prev) => ({ ...prev, authority }) })}
    />
  );
}

/** The choice of measure, kept in the address. */
function MeasurePicker({ measures, current }: { readonly measures: readonly Measure[]; readonly current: MetricId }) {
  const navigate = useNavigate();
  return (
    <ChoicePicker
      label="Measure"
      current={current}
      options={measures.map((m) => ({ value: m.metric, label: m.label }))}
      onChoose={(metric) => void navigate({ to: '/compare/neighbours', search: (prev) => ({ ...prev, metric }) })}
    />
  );
}

/** The chosen measure in the latest year: the authority and each neighbour, sorted, and the median of the neighbours. */
function LatestYear({ data, measure }: { readonly data: Neighbours; readonly measure: Measure }) {
  const year = latestYear(measure);
  const id = measure.metric;
  if (!year) return <p className="govuk-body">DfE has published no figures for {measure.label.toLowerCase()}.</p>;
  const rows = [
    { key: data.authority.code, name: data.authority.name, value: year.own, own: true, rank: null },
    ...data.neighbours.map((n) => ({
      key: n.laNumber,
      name: n.name,
      value: n.code ? (year.neighbours[n.code] ?? null) : null,
      own: false,
      rank: n.rank,
    })),
  ].sort((a, b) => {
    // Lowest first; those without a published figure last, nearest neighbour first among them.
    if (a.value === null || b.value === null)
      return a.value === b.value ? (a.rank ?? 0) - (b.rank ?? 0) : a.value === null ? 1 : -1;
    return a.value - b.value;
  });
  return (
    <>
      <p className="govuk-body govuk-!-font-weight-bold" id="neighbours-median">
        {medianText(id, year, data.neighbours.length)}.
      </p>
      <p className="govuk-body">
        {data.authority.name}: {valueText(id, year.own)}.
      </p>
      <DataTable
        id="neighbours-latest-caption"
        caption={`${measure.label}, ${year.year} (DfE's published figures, lowest first)`}
        columns={['Authority', { label: measure.label, numeric: true }]}
        rows={[
          ...rows.map((r) => ({
            key: r.key,
            header: r.own ? <strong>{r.name} (this authority)</strong> : r.name,
            cells: [r.own ? <strong key="own">{valueText(id, r.value)}</strong> : valueText(id, r.value)],
          })),
          {
            key: 'median',
            header: 'Median of the neighbours',
            cells: [valueText(id, year.median)],
          },
        ]}
      />
    </>
  );
}

/** The chosen measure over the years: the authority's own figure and the median of the neighbours', with a chart of both. */
function OverTheYears({ data, measure }: { readonly data: Neighbours; readonly measure: Measure }) {
  const id = measure.metric;
  const years = measure.years.filter((y) => y.own !== null || y.of > 0);
  if (years.length === 0) return null;
  const first = years[0]?.year;
  const last = years.at(-1)?.year;
  return (
    <ChartSection
      id="neighbours-years-heading"
      title="Over the years"
      description={
        <p className="govuk-body">
          {data.authority.name}'s published figure each year against the median of its neighbours' (DfE's census of 30
          September).
        </p>
      }
      chart={
        <NeighboursTrendChart
          metric={id}
          years={years.map((y) => y.year)}
          series={[
            { name: data.authority.name, kind: 'own', points: years.map((y) => ({ year: y.year, value: y.own })) },
            {
              name: 'Median of the neighbours',
              kind: 'neighbours',
              points: years.map((y) => ({ year: y.year, value: y.median })),
            },
          ]}
          label={`Line chart of ${measure.label.toLowerCase()} from ${first} to ${last} for ${data.authority.name} and the median of its statistical neighbours; the table below has the values.`}
        />
      }
    >
      <DataTable
        id="neighbours-years-caption"
        caption={`${measure.label} by year`}
        columns={[
          'Year',
          { label: data.authority.name, numeric: true },
          { label: 'Median of the neighbours', numeric: true },
          { label: 'Neighbours with a figure', numeric: true },
        ]}
        rows={years.map((y) => ({
          key: String(y.year),
          header: String(y.year),
          cells: [valueText(id, y.own), valueText(id, y.median), `${y.of} of ${data.neighbours.length}`],
        }))}
      />
    </ChartSection>
  );
}

function NeighboursView({ data, metric }: { readonly data: Neighbours; readonly metric: string | undefined }) {
  const measure =
    data.measures.find((m) => m.metric === metric) ??
    data.measures.find((m) => m.metric === DEFAULT_MEASURE) ??
    data.measures[0];
  return (
    <>
      <p className="govuk-body">
        The {data.neighbours.length} authorities most like {data.authority.name}, nearest first, in the Department for
        Education's statistical neighbour model "{data.model.name}" ({data.model.source}). Statistical neighbours are
        public: DfE publishes them, named, so they are named here, with DfE's published figures for each.
      </p>
      <TableScroll labelId="neighbours-caption">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m" id="neighbours-caption">
            {data.authority.name}'s statistical neighbours
          </caption>
          <TableHead columns={[{ label: 'Rank', numeric: true }, 'Authority', 'Closeness']} />
          <tbody className="govuk-table__body">
            {data.neighbours.map((n) => (
              <tr className="govuk-table__row" key={n.laNumber}>
                <td className="govuk-table__cell govuk-table__cell--numeric">{n.rank}</td>
                <th scope="row" className="govuk-table__header">
                  {n.name}
                </th>
                <td className="govuk-table__cell">
                  <ClosenessTag closeness={n.closeness} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2 className="govuk-heading-m">DfE's published figures</h2>
      {measure ? (
        <>
          <MeasurePicker key={data.authority.code} measures={data.measures} current={measure.metric} />
          <p className="govuk-body">
            From DfE's annual census of the children's social work workforce. The median of the neighbours is of their
            published figures, as DfE's own dashboards show it; "{NOT_PUBLISHED}" is a figure DfE withheld or did not
            have.
          </p>
          <LatestYear data={data} measure={measure} />
          <OverTheYears data={data} measure={measure} />
        </>
      ) : (
        <p className="govuk-body">DfE has published no figures for these authorities.</p>
      )}
    </>
  );
}

export function NeighboursPage() {
  const user = useUser();
  const { authority, choices } = route.useLoaderData();
  const { metric } = route.useSearch();
  const data = useSuspenseQuery(neighboursQuery(authority)).data;
  const name =
    data?.authority.name ??
    (isAuthorityUser(user) ? user.authorityName : choices.find((a) => a.code === authority)?.name) ??
    authority;
  usePageTitle(`Statistical neighbours: ${name}`);
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-l">Statistical neighbours</h1>
      {choices.length > 0 ? <AuthorityPicker key={authority} choices={choices} current={authority} /> : null}
      {data ? (
        <NeighboursView data={data} metric={metric} />
      ) : (
        <p className="govuk-body">
          {name} is not in the Department for Education's statistical neighbour model in force, so it has no statistical
          neighbours to compare with. DfE's model groups the authorities as they were when it was made: an authority
          created since then has none until DfE publishes a newer model and it is loaded here.
        </p>
      )}
      <p className="govuk-body">
        <Link to="/compare" className="govuk-link">
          Back to how we compare
        </Link>
      </p>
    </>
  );
}
