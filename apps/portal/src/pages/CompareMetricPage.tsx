/**
 * One metric compared: (a) a dot chart of the region's values with the authority highlighted, (b) a
 * funnel plot, (c) the trend against the regional and national lines, and (d) under every chart a
 * table with the same numbers. Charts are loaded lazily; the tables render first.
 */
import { formatMetricValue, formatNumber, type MetricId } from '@csc-workforce/metrics-core';
import type { MetricComparison } from '@csc-workforce/schemas';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { lazy, useId, useState } from 'react';
import { metricComparisonQuery, notesListQuery } from '../api/queries';
import { ChartSection } from '../components/charts/ChartSection';
import { TrendTable } from '../components/charts/TrendTable';
import { DataTable } from '../components/DataTable';
import { NoteList } from '../components/NoteList';
import { ReleaseNotice } from '../components/ReleaseNotice';
import { DemoNotice } from '../components/StatusTag';
import {
  changeText,
  earlierGroups,
  formatValue,
  funnelText,
  groupHeading,
  groupValueText,
  NOT_COMPARED,
  publishedText,
  rangeText,
  standing,
  trendLines,
} from '../lib/compare';
import { usePageTitle } from '../lib/usePageTitle';

const route = getRouteApi('/signed-in/compare/$period/$metric');

const StripChart = lazy(() => import('../components/charts/plots').then((m) => ({ default: m.StripChart })));
const FunnelChart = lazy(() => import('../components/charts/plots').then((m) => ({ default: m.FunnelChart })));
const TrendChart = lazy(() => import('../components/charts/plots').then((m) => ({ default: m.TrendChart })));

type AuthorityData = Extract<MetricComparison, { view: 'authority' }>;
type RegionData = Extract<MetricComparison, { view: 'region' }>;

function AuthorityMetricPage({ data }: { readonly data: AuthorityData }) {
  const m = data.metrics[0];
  if (!m) throw new Error('The comparison has no metric');
  const id = m.metric.id;
  usePageTitle(`${m.metric.label}: how we compare, ${data.periodLabel}`);
  const region = m.region.group;
  const released = data.notReleased === null;
  // Before the period's release the values are another period's: the authority's own is not among them.
  const earlier = earlierGroups(data);
  const ownRounded = m.own.value === null || earlier ? null : Number(formatNumber(m.own.value, 1).replace(/,/g, ''));
  let ownMarked = false;
  const values =
    region.status === 'shown'
      ? (region.values ?? []).map((value) => {
          const own = !ownMarked && ownRounded !== null && value === ownRounded;
          if (own) ownMarked = true;
          return { value, own, label: own ? data.authority.name : null };
        })
      : [];
  const funnel = m.region.funnel;
  const trendSeries = trendLines(
    data.trend,
    { name: data.authority.name, value: (i) => data.trend[i]?.own ?? null },
    data.region.name,
  );
  return (
    <>
      <span className="govuk-caption-l">
        {data.authority.name}, {data.periodLabel}
      </span>
      <h1 className="govuk-heading-l">{m.metric.label}</h1>
      <ReleaseNotice data={data} />
      <DemoNotice show={data.demo} />
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{data.authority.name}</dt>
          <dd className="govuk-summary-list__value">
            {m.own.value === null ? 'Not available for this quarter' : formatMetricValue(id, m.own.value)}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">In the region</dt>
          <dd className="govuk-summary-list__value">{standing(m, 'region', released)}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">In England</dt>
          <dd className="govuk-summary-list__value">{standing(m, 'england', released)}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Since last quarter</dt>
          <dd className="govuk-summary-list__value">{changeText(m.change.previousQuarter, m.metric)}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Since the same quarter last year</dt>
          <dd className="govuk-summary-list__value">{changeText(m.change.sameQuarterLastYear, m.metric)}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">How it is worked out</dt>
          <dd className="govuk-summary-list__value">{m.metric.formula}</dd>
        </div>
      </dl>

      <ChartSection
        id="spread-heading"
        title="(a) Values in the region"
        description={
          region.status === 'shown' && earlier ? (
            <p className="govuk-body">
              Each dot is one authority of {data.region.name} in {earlier}, as released, unnamed. Yours, for{' '}
              {data.periodLabel}, is not among them until {data.periodLabel} is released. The dashed line is the
              region's pooled figure, {formatValue(id, region.pooled)}.
            </p>
          ) : region.status === 'shown' ? (
            <p className="govuk-body">
              Each dot is one authority of {data.region.name}, unnamed; yours is the larger red dot. The dashed line is
              the region's pooled figure, {formatValue(id, region.pooled)}.
            </p>
          ) : (
            <p className="govuk-body">{region.message}</p>
          )
        }
        chart={
          values.length > 0 ? (
            <StripChart
              metric={id}
              points={values}
              pooled={region.status === 'shown' ? region.pooled : null}
              label={`Dot chart of ${values.length} values of ${m.metric.label.toLowerCase()} in ${groupHeading(data.region.name, earlier)}, from ${rangeText(id, region)}; the table below lists them.`}
            />
          ) : null
        }
      >
        {values.length > 0 ? (
          <DataTable
            id="spread-caption"
            caption={`Values in ${groupHeading(data.region.name, earlier)}, lowest first (rounded to 1 decimal place, unnamed)`}
            columns={['Position', { label: m.metric.label, numeric: true }]}
            rows={values.map((v, i) => ({
              // Values repeat: the position is the identity.
              key: String(i),
              header: `${i + 1}${v.own ? ` (${data.authority.name})` : ''}`,
              cells: [formatValue(id, v.value)],
            }))}
          />
        ) : null}
      </ChartSection>

      <ChartSection
        id="funnel-heading"
        title="(b) Funnel plot"
        description={
          <p className="govuk-body">
            A small authority's rate moves more by chance than a large one's. The funnel shows the range expected around
            the region's pooled figure for each size: inside the green dashed lines (95% limits) is within the range
            expected; outside the grey dotted lines (99.8%) is very unlikely to be chance.
          </p>
        }
        chart={
          funnel && m.own.value !== null ? (
            <FunnelChart
              metric={id}
              target={funnel.target}
              points={[{ value: m.own.value, denominator: funnel.denominator, label: data.authority.name, own: true }]}
              label={`Funnel plot of ${m.metric.label.toLowerCase()} against size: ${funnelText(id, funnel, 'in the region')}.`}
            />
          ) : null
        }
      >
        {funnel && m.own.value !== null ? (
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Size ({m.metric.denominator})</dt>
              <dd className="govuk-summary-list__value">{formatNumber(funnel.denominator, 1)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Centre line ({data.region.name}, pooled)</dt>
              <dd className="govuk-summary-list__value">{formatValue(id, funnel.target)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">95% limits at your size</dt>
              <dd className="govuk-summary-list__value">
                {formatValue(id, funnel.limits95.lower)} to {formatValue(id, funnel.limits95.upper)}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">99.8% limits at your size</dt>
              <dd className="govuk-summary-list__value">
                {formatValue(id, funnel.limits998.lower)} to {formatValue(id, funnel.limits998.upper)}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Verdict</dt>
              <dd className="govuk-summary-list__value">{funnelText(id, funnel, 'in the region')}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Against England</dt>
              <dd className="govuk-summary-list__value">{funnelText(id, m.england.funnel, 'in England')}</dd>
            </div>
          </dl>
        ) : (
          <p className="govuk-body">
            {released
              ? `No funnel plot for this metric and quarter: ${
                  m.region.group.status === 'withheld' ? m.region.group.message : 'it needs your value and a rate.'
                }`
              : `${NOT_COMPARED}: the funnel plot places your authority among the others once ${data.periodLabel} is released.`}
          </p>
        )}
      </ChartSection>

      <ChartSection
        id="trend-heading"
        title="(c) Trend"
        description={
          <p className="govuk-body">
            The last {data.trend.length} quarters: your authority against the region and England, each quarter's group
            figures as its latest release holds them. A group line is missing for a quarter not released yet, or when
            too few authorities contributed.
          </p>
        }
        chart={
          <TrendChart
            metric={id}
            periods={data.trend.map((t) => t.period)}
            series={trendSeries}
            label={`Line chart of ${m.metric.label.toLowerCase()} over ${data.trend.length} quarters for ${data.authority.name}, ${data.region.name} and England; the table below has the values.`}
          />
        }
      >
        <TrendTable
          id="trend-caption"
          metric={id}
          label={m.metric.label}
          authorityName={data.authority.name}
          regionName={data.region.name}
          trend={data.trend}
        />
      </ChartSection>
      <Published data={data} metric={id} published={m.published} />
      <LinkedNotes metric={id} label={m.metric.label} />
      <BackLink period={data.period} />
    </>
  );
}

function Published({
  data,
  metric,
  published,
}: {
  readonly data: MetricComparison;
  readonly metric: MetricId;
  readonly published: AuthorityData['metrics'][number]['published'];
}) {
  if (!data.published || !published) return null;
  return (
    <>
      <h2 className="govuk-heading-m">Published statistics</h2>
      <p className="govuk-body">
        The Department for Education's figure from its annual census ({data.published.label}): England{' '}
        {publishedText(metric, published.national)}, {data.region.name} {publishedText(metric, published.region)}. Its
        census is taken on 30 September, so a Q2 return is the like-for-like point.
      </p>
    </>
  );
}

/** How many linked notes a metric page lists. */
const LINKED_NOTES = 5;

/** Published practice notes that link this metric as their evidence, from every region. */
function LinkedNotes({ metric, label }: { readonly metric: MetricId; readonly label: string }) {
  const notes = useQuery(notesListQuery({ metric, pageSize: LINKED_NOTES })).data;
  return (
    <section aria-labelledby="linked-notes-heading">
      <h2 className="govuk-heading-m" id="linked-notes-heading">
        Practice notes linked to this metric
      </h2>
      {notes === undefined ? (
        <p className="govuk-body">Loading the notes…</p>
      ) : notes.total === 0 ? (
        <p className="govuk-body">No authority has published a note linked to {label.toLowerCase()} yet.</p>
      ) : (
        <>
          <p className="govuk-body">
            What authorities tried, with their own {label.toLowerCase()} as evidence. Each note is published, and named,
            by its authority.
          </p>
          <NoteList notes={notes.items} headingLevel={3} />
          {notes.total > notes.items.length ? (
            <p className="govuk-body">
              <Link to="/notes" search={{ metric }} className="govuk-link">
                All {notes.total} notes linked to {label.toLowerCase()}
              </Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

function BackLink({ period }: { readonly period: string }) {
  return (
    <p className="govuk-body">
      <Link to="/compare/$period" params={{ period }} className="govuk-link">
        Back to every metric
      </Link>
    </p>
  );
}

function RegionMetricPage({ data }: { readonly data: RegionData }) {
  const m = data.metrics[0];
  if (!m) throw new Error('The comparison has no metric');
  const id = m.metric.id;
  usePageTitle(`${m.metric.label}: ${data.region.name}, ${data.periodLabel}`);
  const names = new Map(data.authorities.map((a) => [a.code, a.name]));
  const selectId = useId();
  const [selected, setSelected] = useState(data.authorities[0]?.code ?? '');
  const withValues = m.authorities.filter((a) => a.value !== null);
  const points = withValues.map((a) => ({
    value: a.value as number,
    label: names.get(a.code) ?? a.code,
    own: a.code === selected,
  }));
  const target = m.region.status === 'shown' ? m.region.pooled : null;
  const funnelPoints = withValues
    .filter((a) => a.denominator !== null && a.denominator > 0)
    .map((a) => ({
      value: a.value as number,
      denominator: a.denominator as number,
      label: names.get(a.code) ?? a.code,
      own: a.code === selected,
    }));
  const selectedName = names.get(selected) ?? '';
  const earlier = earlierGroups(data);
  const trendSeries = trendLines(
    data.trend,
    { name: selectedName, value: (i) => data.trend[i]?.authorities[selected] ?? null },
    data.region.name,
  );
  return (
    <>
      <span className="govuk-caption-l">
        {data.region.name}, {data.periodLabel}
      </span>
      <h1 className="govuk-heading-l">{m.metric.label}</h1>
      <ReleaseNotice data={data} />
      <DemoNotice show={data.demo} />
      <p className="govuk-body">
        {m.metric.formula}. {data.region.name} (pooled): {groupValueText(id, m.region)}; range {rangeText(id, m.region)}
        ; {groupHeading('England (pooled)', earlier)}: {groupValueText(id, m.england)}.
      </p>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor={selectId}>
          Highlight an authority in the charts
        </label>
        <select className="govuk-select" id={selectId} value={selected} onChange={(e) => setSelected(e.target.value)}>
          {data.authorities.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </select>
      </div>

      <ChartSection
        id="spread-heading"
        title="(a) Values in the region"
        description={<p className="govuk-body">Each dot is one authority; {selectedName} is the larger red dot.</p>}
        chart={
          points.length > 0 ? (
            <StripChart
              metric={id}
              points={points}
              pooled={target}
              label={`Dot chart of ${points.length} authorities' ${m.metric.label.toLowerCase()} in ${data.region.name}; the table below lists them by name.`}
            />
          ) : null
        }
      >
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
            ],
          }))}
        />
      </ChartSection>

      <ChartSection
        id="funnel-heading"
        title="(b) Funnel plot"
        description={
          <p className="govuk-body">
            Each authority's value against its size, with the range expected by chance around the region's pooled
            figure: 95% limits (green dashed) and 99.8% limits (grey dotted). The table above gives each authority's
            verdict.
          </p>
        }
        chart={
          target !== null && funnelPoints.length > 0 && m.metric.kind !== 'count' ? (
            <FunnelChart
              metric={id}
              target={target}
              points={funnelPoints}
              label={`Funnel plot of ${m.metric.label.toLowerCase()} for ${funnelPoints.length} authorities of ${data.region.name}; the table above has each verdict.`}
            />
          ) : (
            <p className="govuk-body">No funnel plot for this metric and quarter.</p>
          )
        }
      >
        {null}
      </ChartSection>

      <ChartSection
        id="trend-heading"
        title="(c) Trend"
        description={
          <p className="govuk-body">
            {selectedName} against the region and England over the last {data.trend.length} quarters; England as each
            quarter's latest release holds it (none for a quarter not released yet).
          </p>
        }
        chart={
          <TrendChart
            metric={id}
            periods={data.trend.map((t) => t.period)}
            series={trendSeries}
            label={`Line chart of ${m.metric.label.toLowerCase()} over ${data.trend.length} quarters for ${selectedName}, ${data.region.name} and England; the table below has the values.`}
          />
        }
      >
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
      </ChartSection>

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
      <Published data={data} metric={id} published={m.published} />
      <LinkedNotes metric={id} label={m.metric.label} />
      <BackLink period={data.period} />
    </>
  );
}

export function CompareMetricPage() {
  const { period, metric } = route.useParams();
  const data = useSuspenseQuery(metricComparisonQuery(period, metric)).data;
  return data.view === 'authority' ? <AuthorityMetricPage data={data} /> : <RegionMetricPage data={data} />;
}
