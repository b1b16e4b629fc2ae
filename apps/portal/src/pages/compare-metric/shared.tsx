/**
 * What both views of one metric share (an authority user's and a regional lead's): the heading, the
 * three chart sections (the values in the region, the funnel plot, the trend) with the charts loaded
 * lazily, and the page's end: DfE's published figure, the practice notes linked to the metric, the way back.
 */
import type { MetricId } from '@csc-workforce/metrics-core';
import type { MetricComparison, TargetProgress } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, type ReactNode } from 'react';
import { notesListQuery } from '../../api/queries';
import { ChartSection } from '../../components/charts/ChartSection';
import type { FunnelProps, StripProps } from '../../components/charts/plots';
import { NoteList } from '../../components/NoteList';
import { ReleaseNotice } from '../../components/ReleaseNotice';
import { DemoNotice } from '../../components/StatusTag';
import { hasNeighbours, publishedText, trendLines } from '../../lib/compare';
import { targetText } from '../../lib/targets';

const StripChart = lazy(() => import('../../components/charts/plots').then((m) => ({ default: m.StripChart })));
const FunnelChart = lazy(() => import('../../components/charts/plots').then((m) => ({ default: m.FunnelChart })));
const TrendChart = lazy(() => import('../../components/charts/plots').then((m) => ({ default: m.TrendChart })));

export type AuthorityData = Extract<MetricComparison, { view: 'authority' }>;
export type RegionData = Extract<MetricComparison, { view: 'region' }>;

/** The metric of a one-metric answer. */
export function theMetric<D extends MetricComparison>(data: D): D['metrics'][number] {
  const m = data.metrics[0];
  if (!m) throw new Error('The comparison has no metric');
  return m;
}

/** The caption (whose figures, when), the metric as the heading, and the notices of the release and the demo. */
export function MetricHeading({ caption, data }: { readonly caption: string; readonly data: MetricComparison }) {
  return (
    <>
      <span className="govuk-caption-l">
        {caption}, {data.periodLabel}
      </span>
      <h1 className="govuk-heading-l">{theMetric(data).metric.label}</h1>
      <ReleaseNotice data={data} />
      <DemoNotice show={data.demo} />
    </>
  );
}

interface SectionProps {
  readonly description: ReactNode;
  readonly children: ReactNode;
}

/** (a) A dot chart of the region's values, over a table of them (none without values). */
export function SpreadSection({ chart, description, children }: SectionProps & { readonly chart: StripProps }) {
  return (
    <ChartSection
      id="spread-heading"
      title="(a) Values in the region"
      description={description}
      chart={chart.points.length > 0 ? <StripChart {...chart} /> : null}
    >
      {children}
    </ChartSection>
  );
}

/** (b) A funnel plot (or what is said instead, when there is none), over its figures. */
export function FunnelSection({
  chart,
  instead = null,
  description,
  children,
}: SectionProps & { readonly chart: FunnelProps | null; readonly instead?: ReactNode }) {
  return (
    <ChartSection
      id="funnel-heading"
      title="(b) Funnel plot"
      description={<p className="govuk-body">{description}</p>}
      chart={chart ? <FunnelChart {...chart} /> : instead}
    >
      {children}
    </ChartSection>
  );
}

/** (c) The trend of one authority against the region and England, and its target as a dashed line, over a table of it. */
export function TrendSection({
  data,
  own,
  target = null,
  description,
  children,
}: SectionProps & {
  readonly data: MetricComparison;
  /** The authority whose line is drawn, and its value at each quarter of the trend. */
  readonly own: { readonly name: string; readonly value: (index: number) => number | null };
  /** The authority's target, drawn across the chart. */
  readonly target?: TargetProgress | null;
}) {
  const m = theMetric(data);
  const targetLine = target ? { value: target.value, name: `Target (${targetText(m.metric.id, target)})` } : null;
  return (
    <ChartSection
      id="trend-heading"
      title="(c) Trend"
      description={<p className="govuk-body">{description}</p>}
      chart={
        <TrendChart
          metric={m.metric.id}
          periods={data.trend.map((t) => t.period)}
          series={trendLines(data.trend, own, data.region.name)}
          target={targetLine}
          label={`Line chart of ${m.metric.label.toLowerCase()} over ${data.trend.length} quarters for ${own.name}, ${data.region.name}${
            hasNeighbours(data.trend) ? ', England and its statistical neighbours as a group' : ' and England'
          }${
            target ? `, with ${own.name}'s target of ${targetText(m.metric.id, target)} as a dashed line` : ''
          }; the table below has the values.`}
        />
      }
    >
      {target ? (
        <p className="govuk-body">
          {own.name}'s target: {targetText(m.metric.id, target)} (the dashed line on the chart).
        </p>
      ) : null}
      {children}
    </ChartSection>
  );
}

/** DfE's published figure beside the metric, where it publishes one. */
function Published({ data }: { readonly data: MetricComparison }) {
  const { metric, published } = theMetric(data);
  if (!data.published || !published) return null;
  return (
    <>
      <h2 className="govuk-heading-m">Published statistics</h2>
      <p className="govuk-body">
        The Department for Education's figure from its annual census ({data.published.label}): England{' '}
        {publishedText(metric.id, published.national)}, {data.region.name} {publishedText(metric.id, published.region)}.
        Its census is taken on 30 September, so a Q2 return is the like-for-like point.
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

/** The end of both views: DfE's figure, the linked practice notes, and the way back to every metric. */
export function MetricFooter({ data }: { readonly data: MetricComparison }) {
  const { metric } = theMetric(data);
  return (
    <>
      <Published data={data} />
      <LinkedNotes metric={metric.id} label={metric.label} />
      <p className="govuk-body">
        <Link to="/compare/$period" params={{ period: data.period }} className="govuk-link">
          Back to every metric
        </Link>
      </p>
    </>
  );
}
