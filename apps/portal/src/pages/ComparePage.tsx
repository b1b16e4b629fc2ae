/**
 * "How we compare": every metric of a quarter for the signed-in authority (own value, region,
 * England, DfE's latest published figures, where it stands and the direction of travel), or for a
 * regional lead the region's figures and a sortable table of its authorities × metrics.
 */
import type { AuthorityComparison, ComparablePeriod, MetricInfo, RegionComparison } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { comparisonPeriodsQuery, comparisonQuery } from '../api/queries';
import { BandTag } from '../components/BandTag';
import { ChoicePicker } from '../components/ChoicePicker';
import { ComparisonSummary } from '../components/ComparisonSummary';
import { DataTable } from '../components/DataTable';
import { RegionOverview } from '../components/RegionOverview';
import { ReleaseNotice } from '../components/ReleaseNotice';
import { DemoNotice } from '../components/StatusTag';
import { ResponsiveTable } from '../components/SummaryCards';
import { TargetCell } from '../components/TargetTags';
import {
  changeText,
  earlierGroups,
  formatValue,
  groupHeading,
  groupValueText,
  NEIGHBOURS_POOLED,
  NOT_COMPARED,
  pickerPeriods,
  publishedText,
  rangeText,
  releaseLine,
  standing,
} from '../lib/compare';
import { usePageTitle } from '../lib/usePageTitle';

/** A form to choose the quarter, as GOV.UK's select pattern: a select and a button. */
export function PeriodPicker({
  periods,
  current,
}: {
  readonly periods: readonly ComparablePeriod[];
  /** The quarter shown, and whether it is released. */
  readonly current: { readonly id: string; readonly label: string; readonly released: boolean };
}) {
  const navigate = useNavigate();
  return (
    <ChoicePicker
      label="Quarter"
      current={current.id}
      options={pickerPeriods(periods, current).map((p) => ({ value: p.id, label: p.text }))}
      onChoose={(period) => void navigate({ to: '/compare/$period', params: { period } })}
    />
  );
}

/** The quarter an answer is about, for the picker. */
const pickerCurrent = (data: AuthorityComparison | RegionComparison) => ({
  id: data.period,
  label: data.periodLabel,
  released: data.notReleased === null,
});

/** A metric, linking to its page. */
function MetricLink({ period, metric }: { readonly period: string; readonly metric: MetricInfo }) {
  return (
    <Link to="/compare/$period/$metric" params={{ period, metric: metric.id }} className="govuk-link">
      {metric.label}
    </Link>
  );
}

/** The way to the statistical neighbours: the authorities most like one, named, with DfE's published figures. */
function NeighboursLink({ what }: { readonly what: string }) {
  return (
    <p className="govuk-body">
      <Link to="/compare/neighbours" className="govuk-link">
        Compare with statistical neighbours
      </Link>
      : {what}
    </p>
  );
}

/**
 * What the statistical neighbours' group is: the authorities most like this one in DfE's model (named
 * on the neighbours' page; never in a comparison), their figures in the exchange as one group,
 * anonymised and released like the region's.
 */
export function NeighboursGroupText({
  neighbours,
  minGroupSize,
}: {
  readonly neighbours: NonNullable<AuthorityComparison['neighbours']>;
  readonly minGroupSize: number;
}) {
  return (
    <p className="govuk-body">
      {NEIGHBOURS_POOLED}: the exchange's figures of your {neighbours.count} statistical neighbours in{' '}
      {neighbours.model.name}, as one group, pooled and unnamed, from a release (
      {releaseLine(neighbours.release, 'theirs')}), shown only when at least {minGroupSize} of them contributed and when
      it and the region or England differ by at least {minGroupSize} authorities, so that no one authority could be
      worked out by subtracting one group from another.
    </p>
  );
}

function Downloads({ period }: { readonly period: string }) {
  return (
    <ul className="govuk-list">
      <li>
        <a className="govuk-link" href={`/api/comparisons/${period}/export?format=csv`} download>
          Download the table as CSV
        </a>
      </li>
      <li>
        <a className="govuk-link" href={`/api/comparisons/${period}/export?format=xlsx`} download>
          Download the table as Excel (XLSX)
        </a>
      </li>
      <li>
        <Link className="govuk-link" to="/compare/$period/print" params={{ period }}>
          Printable summary (print or save as PDF)
        </Link>
      </li>
    </ul>
  );
}

function AuthorityDashboard({
  data,
  periods,
}: {
  readonly data: AuthorityComparison;
  readonly periods: readonly ComparablePeriod[];
}) {
  usePageTitle(`How we compare, ${data.periodLabel}`);
  const year = data.published?.year;
  const released = data.notReleased === null;
  const earlier = earlierGroups(data);
  const neighbours = data.neighbours ?? null;
  return (
    <>
      <span className="govuk-caption-l">
        {data.authority.name}, {data.region.name}
      </span>
      <h1 className="govuk-heading-l">How we compare, {data.periodLabel}</h1>
      <PeriodPicker periods={periods} current={pickerCurrent(data)} />
      <ReleaseNotice data={data} />
      <p className="govuk-body">
        Your authority's figures beside the {data.region.name} region and England, from the returns submitted for{' '}
        {earlier ? `${data.periodLabel} (yours) and ${earlier} (theirs, as released)` : data.periodLabel}. Other
        authorities are never named: the region and England are shown as group figures (pooled, as the Department for
        Education computes them), from a dated release, and only when at least {data.minGroupSize} authorities
        contributed.
        {data.published
          ? ` DfE's published figures (${data.published.label}) are the national yardstick; a Q2 return is the like-for-like point.`
          : ''}
      </p>
      <DemoNotice show={data.demo} />
      <ComparisonSummary sentences={data.summary} />
      {neighbours ? <NeighboursGroupText neighbours={neighbours} minGroupSize={data.minGroupSize} /> : null}
      <NeighboursLink what="the 10 authorities most like yours in DfE's model, named, with DfE's published figures for each and their median beside yours." />
      {data.ownReturn.counted ? null : (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Your return for {data.periodLabel} is{' '}
            {data.ownReturn.status ? `a ${data.ownReturn.status} return` : 'not started'}, so your own figures are not
            counted for this quarter until it is submitted.
          </strong>
        </div>
      )}
      <ResponsiveTable
        id="compare-caption"
        caption={`Every metric, ${data.periodLabel}`}
        captionClassName="govuk-table__caption--m"
        className="app-table--compact"
        columns={[
          'Metric',
          { label: earlier ? `${data.authority.name}, ${data.periodLabel}` : data.authority.name, numeric: true },
          { label: groupHeading(`${data.region.name} (pooled)`, earlier), numeric: true },
          { label: groupHeading('Range in the region', earlier), numeric: true },
          { label: groupHeading('England (pooled)', earlier), numeric: true },
          ...(neighbours ? [{ label: NEIGHBOURS_POOLED, numeric: true as const }] : []),
          { label: year ? `DfE England ${year}` : 'DfE England', numeric: true },
          'Where we stand in the region',
          'Since last quarter',
          'Target',
        ]}
        rows={data.metrics.map((m) => ({
          key: m.metric.id,
          header: <MetricLink period={data.period} metric={m.metric} />,
          cells: [
            formatValue(m.metric.id, m.own.value),
            groupValueText(m.metric.id, m.region.group),
            rangeText(m.metric.id, m.region.group),
            groupValueText(m.metric.id, m.england.group),
            ...(neighbours && m.neighbours
              ? [groupValueText(m.metric.id, m.neighbours.group)]
              : neighbours
                ? ['–']
                : []),
            m.published ? publishedText(m.metric.id, m.published.national) : '–',
            <>
              <BandTag band={released ? m.region.band : null} polarity={m.metric.polarity} />
              {standing(m, 'region', released)}
            </>,
            changeText(m.change.previousQuarter, m.metric),
            <TargetCell key="target" metric={m.metric} target={m.target} />,
          ],
        }))}
      />
      <p className="govuk-body-s">
        "Withheld" means fewer than {data.minGroupSize} authorities contributed a value, so the figure could identify
        one.
        {released
          ? ''
          : ` "${NOT_COMPARED}": your authority is placed among the others once ${data.periodLabel} is released.`}{' '}
        Net change in FTE is a count, and other authorities' counts are never shared. Bands are DfE's LAIT banding by
        the region's quartiles: band A is the best quartile by each measure's direction, band D the worst (grey where
        neither direction is better). Target: the value your authority set itself to reach by a quarter, and whether
        this quarter's figure meets it; your submitters set targets on a metric's page. Open a metric for its charts:
        the spread of values in the region, a funnel plot that compares authorities of different sizes fairly, and the
        trend.
      </p>
      <h2 className="govuk-heading-m">Downloads</h2>
      <Downloads period={data.period} />
    </>
  );
}

function RegionDashboard({
  data,
  periods,
}: {
  readonly data: RegionComparison;
  readonly periods: readonly ComparablePeriod[];
}) {
  usePageTitle(`${data.region.name} compared, ${data.periodLabel}`);
  const year = data.published?.year;
  const counted = data.authorities.filter((a) => a.counted).length;
  const earlier = earlierGroups(data);
  return (
    <>
      <span className="govuk-caption-l">Regional lead</span>
      <h1 className="govuk-heading-l">
        {data.region.name} compared, {data.periodLabel}
      </h1>
      <PeriodPicker periods={periods} current={pickerCurrent(data)} />
      <ReleaseNotice data={data} />
      <p className="govuk-body">
        {counted} of {data.authorities.length} authorities in the region have a submitted or accepted return for{' '}
        {data.periodLabel}; only those count. You see your region's authorities named; other regions only as regional
        figures.
      </p>
      <DemoNotice show={data.demo} />
      <ComparisonSummary sentences={data.summary} />
      <NeighboursLink what="for each authority of the region, the 10 authorities most like it in DfE's model, named, with DfE's published figures for each and their median." />
      <DataTable
        id="region-metrics-caption"
        caption={`The region and England, ${data.periodLabel}`}
        captionClassName="govuk-table__caption--m"
        className="app-table--compact"
        columns={[
          'Metric',
          { label: `${data.region.name} (pooled)`, numeric: true },
          { label: 'Range in the region', numeric: true },
          { label: groupHeading('England (pooled)', earlier), numeric: true },
          { label: year ? `DfE ${data.region.name} ${year}` : 'DfE region', numeric: true },
          { label: year ? `DfE England ${year}` : 'DfE England', numeric: true },
        ]}
        rows={data.metrics.map((m) => ({
          key: m.metric.id,
          header: <MetricLink period={data.period} metric={m.metric} />,
          cells: [
            groupValueText(m.metric.id, m.region),
            rangeText(m.metric.id, m.region),
            groupValueText(m.metric.id, m.england),
            m.published ? publishedText(m.metric.id, m.published.region) : '–',
            m.published ? publishedText(m.metric.id, m.published.national) : '–',
          ],
        }))}
      />
      <RegionOverview data={data} />
      <p className="govuk-body-s">
        Where an authority has set itself a target for a metric, its cell gives the target and whether its value meets
        it ("overdue" once the quarter the target was for has passed). Open a metric for each target's quarter and note.
      </p>
      <h2 className="govuk-heading-m">Downloads</h2>
      <Downloads period={data.period} />
    </>
  );
}

const route = getRouteApi('/signed-in/compare/$period');

export function ComparePage() {
  const { period } = route.useParams();
  const { periods } = useSuspenseQuery(comparisonPeriodsQuery()).data;
  const data = useSuspenseQuery(comparisonQuery(period)).data;
  return data.view === 'authority' ? (
    <AuthorityDashboard data={data} periods={periods} />
  ) : (
    <RegionDashboard data={data} periods={periods} />
  );
}
