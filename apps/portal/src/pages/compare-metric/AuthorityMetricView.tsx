/**
 * One metric for an authority user: its own figure named, its standing in the region and England, the
 * region's values unnamed (its own marked), its place in the funnel, and its trend.
 */
import { formatMetricValue, formatNumber } from '@csc-workforce/metrics-core';
import type { ReactNode } from 'react';
import { BandTag } from '../../components/BandTag';
import { TrendTable } from '../../components/charts/TrendTable';
import { DataTable } from '../../components/DataTable';
import { SummaryList } from '../../components/SummaryList';
import {
  changeText,
  earlierGroups,
  FUNNEL_SPREAD_NOTE,
  formatValue,
  funnelText,
  groupHeading,
  groupValueText,
  NEIGHBOURS_POOLED,
  NOT_COMPARED,
  rangeText,
  standing,
} from '../../lib/compare';
import { usePageTitle } from '../../lib/usePageTitle';
import { canEditReturns, useUser } from '../../session';
import {
  type AuthorityData,
  FunnelSection,
  MetricFooter,
  MetricHeading,
  SpreadSection,
  TrendSection,
  theMetric,
} from './shared';
import { TargetSection } from './TargetSection';

type Metric = AuthorityData['metrics'][number];

/** The region's values, each marked when it is the authority's own (the first equal to its rounded value). */
function regionValues(data: AuthorityData, m: Metric) {
  const region = m.region.group;
  if (region.status !== 'shown') return [];
  // Before the period's release the values are another period's: the authority's own is not among them.
  const ownRounded =
    m.own.value === null || earlierGroups(data) ? null : Number(formatNumber(m.own.value, 1).replace(/,/g, ''));
  let ownMarked = false;
  return (region.values ?? []).map((value) => {
    const own = !ownMarked && ownRounded !== null && value === ownRounded;
    if (own) ownMarked = true;
    return { value, own, label: own ? data.authority.name : null };
  });
}

function Standing({ data, m }: { readonly data: AuthorityData; readonly m: Metric }) {
  const released = data.notReleased === null;
  const rows: [string, ReactNode][] = [
    [
      data.authority.name,
      m.own.value === null ? 'Not available for this quarter' : formatMetricValue(m.metric.id, m.own.value),
    ],
    [
      'In the region',
      <>
        <BandTag band={released ? m.region.band : null} polarity={m.metric.polarity} />
        {standing(m, 'region', released)}
      </>,
    ],
    [
      'In England',
      <>
        <BandTag band={released ? m.england.band : null} polarity={m.metric.polarity} />
        {standing(m, 'england', released)}
      </>,
    ],
    ...(m.neighbours
      ? ([
          [
            'With its statistical neighbours',
            <>
              {m.neighbours.group.status === 'shown'
                ? `${NEIGHBOURS_POOLED}: ${groupValueText(m.metric.id, m.neighbours.group)}, median ${formatValue(m.metric.id, m.neighbours.group.median)}, range ${rangeText(m.metric.id, m.neighbours.group)}. `
                : `${m.neighbours.group.message} `}
              <BandTag band={released ? m.neighbours.band : null} polarity={m.metric.polarity} />
              {m.neighbours.group.status === 'shown' ? standing(m, 'neighbours', released) : null}
            </>,
          ],
        ] as [string, ReactNode][])
      : []),
    ['Since last quarter', changeText(m.change.previousQuarter, m.metric)],
    ['Since the same quarter last year', changeText(m.change.sameQuarterLastYear, m.metric)],
    ['How it is worked out', m.metric.formula],
  ];
  return <SummaryList rows={rows} />;
}

/** The neighbours' group, pooled, when it is shown: a reference line on the dot chart and the funnel. */
const neighboursPooled = (m: Metric): number | null =>
  m.neighbours?.group.status === 'shown' ? m.neighbours.group.pooled : null;

/** What the neighbours' line is, for a chart's description; empty without one. */
const neighboursLine = (id: Metric['metric']['id'], m: Metric): string => {
  const pooled = neighboursPooled(m);
  return pooled === null
    ? ''
    : ` The green line of long dashes is your statistical neighbours' pooled figure, ${formatValue(id, pooled)}.`;
};

function Spread({ data, m }: { readonly data: AuthorityData; readonly m: Metric }) {
  const id = m.metric.id;
  const region = m.region.group;
  const earlier = earlierGroups(data);
  const values = regionValues(data, m);
  return (
    <SpreadSection
      description={
        region.status === 'shown' && earlier ? (
          <p className="govuk-body">
            Each dot is one authority of {data.region.name} in {earlier}, as released, unnamed. Yours, for{' '}
            {data.periodLabel}, is not among them until {data.periodLabel} is released. The dashed line is the region's
            pooled figure, {formatValue(id, region.pooled)}.{neighboursLine(id, m)}
          </p>
        ) : region.status === 'shown' ? (
          <p className="govuk-body">
            Each dot is one authority of {data.region.name}, unnamed; yours is the larger red dot. The dashed line is
            the region's pooled figure, {formatValue(id, region.pooled)}.{neighboursLine(id, m)}
          </p>
        ) : (
          <p className="govuk-body">{region.message}</p>
        )
      }
      chart={{
        metric: id,
        points: values,
        pooled: region.status === 'shown' ? region.pooled : null,
        neighbours: neighboursPooled(m),
        label: `Dot chart of ${values.length} values of ${m.metric.label.toLowerCase()} in ${groupHeading(data.region.name, earlier)}, from ${rangeText(id, region)}; the table below lists them.`,
      }}
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
    </SpreadSection>
  );
}

function Funnel({ data, m }: { readonly data: AuthorityData; readonly m: Metric }) {
  const id = m.metric.id;
  const funnel = m.region.funnel;
  const own = m.own.value;
  return (
    <FunnelSection
      description={`A small authority's rate moves more by chance than a large one's. The funnel shows the range expected around the region's pooled figure for each size: inside the green dashed lines (95% limits) is as expected; between them and the grey dotted lines (99.8% limits) possibly higher or lower than expected; outside the grey dotted lines significantly higher or lower.${neighboursLine(id, m)} ${FUNNEL_SPREAD_NOTE}`}
      chart={
        funnel && own !== null
          ? {
              metric: id,
              target: funnel.target,
              tau2: funnel.tau2,
              points: [{ value: own, denominator: funnel.denominator, label: data.authority.name, own: true }],
              neighbours: neighboursPooled(m),
              label: `Funnel plot of ${m.metric.label.toLowerCase()} against size: ${funnelText(id, funnel, 'in the region')}.`,
            }
          : null
      }
    >
      {funnel && own !== null ? (
        <SummaryList
          rows={[
            [`Size (${m.metric.denominator})`, formatNumber(funnel.denominator, 1)],
            [`Centre line (${data.region.name}, pooled)`, formatValue(id, funnel.target)],
            ...(neighboursPooled(m) === null
              ? []
              : [['Your statistical neighbours (pooled)', formatValue(id, neighboursPooled(m))] as [string, string]]),
            [
              '95% limits at your size',
              `${formatValue(id, funnel.limits95.lower)} to ${formatValue(id, funnel.limits95.upper)}`,
            ],
            [
              '99.8% limits at your size',
              `${formatValue(id, funnel.limits998.lower)} to ${formatValue(id, funnel.limits998.upper)}`,
            ],
            ['Verdict', funnelText(id, funnel, 'in the region')],
            ['Against England', funnelText(id, m.england.funnel, 'in England')],
          ]}
        />
      ) : (
        <p className="govuk-body">
          {data.notReleased === null
            ? `No funnel plot for this metric and quarter: ${
                m.region.group.status === 'withheld' ? m.region.group.message : 'it needs your value and a rate.'
              }`
            : `${NOT_COMPARED}: the funnel plot places your authority among the others once ${data.periodLabel} is released.`}
        </p>
      )}
    </FunnelSection>
  );
}

export function AuthorityMetricView({ data }: { readonly data: AuthorityData }) {
  const m = theMetric(data);
  const user = useUser();
  usePageTitle(`${m.metric.label}: how we compare, ${data.periodLabel}`);
  return (
    <>
      <MetricHeading caption={data.authority.name} data={data} />
      <Standing data={data} m={m} />
      <TargetSection
        authority={data.authority.code}
        authorityName={data.authority.name}
        metric={m.metric}
        period={data.period}
        periodLabel={data.periodLabel}
        target={m.target}
        canSet={canEditReturns(user) && user.authorityCode === data.authority.code}
      />
      <Spread data={data} m={m} />
      <Funnel data={data} m={m} />
      <TrendSection
        data={data}
        own={{ name: data.authority.name, value: (i) => data.trend[i]?.own ?? null }}
        target={m.target}
        description={`The last ${data.trend.length} quarters: your authority against the region and England${data.neighbours ? ' and your statistical neighbours as a group' : ''}, each quarter's group figures as a release holds them. A group line is missing for a quarter not released yet, or when a group is withheld (too few authorities contributed, or it could be subtracted from another).`}
      >
        <TrendTable
          id="trend-caption"
          metric={m.metric.id}
          label={m.metric.label}
          authorityName={data.authority.name}
          regionName={data.region.name}
          trend={data.trend}
        />
      </TrendSection>
      <MetricFooter data={data} />
    </>
  );
}
