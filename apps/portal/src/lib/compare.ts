/**
 * Comparisons in words: where an authority stands ("4th lowest of 14 in the region"), its band A–D
 * (which quartile of the group it is in), the direction of travel, the funnel plot's verdict, and the release the
 * group figures come from. Pure functions.
 */
import { type Band, comparePeriods, formatMetricValue, type MetricId, verdictText } from '@csc-workforce/metrics-core';
import type {
  AuthorityMetric,
  Change,
  ComparablePeriod,
  ComparisonRelease,
  Funnel,
  Group,
  MetricInfo,
  PublishedValue,
  ReleaseStamp,
} from '@csc-workforce/schemas';

/** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st, 22nd, … */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/**
 * The rank in words. Rank 1 is the best by polarity, which is the lowest for `lower` (and for
 * `neither`, ranked lowest first) and the highest for `higher`. The last of the group is said from
 * its own end ("the highest of 14", not "14th lowest of 14").
 */
export function rankText(rank: number, n: number, polarity: MetricInfo['polarity'], where: string): string {
  const end = polarity === 'higher' ? 'highest' : 'lowest';
  const other = polarity === 'higher' ? 'lowest' : 'highest';
  if (rank === n && n > 1) return `the ${other} of ${n} ${where}`;
  const place = rank === 1 ? `the ${end}` : `${ordinal(rank)} ${end}`;
  return `${place} of ${n} ${where}`;
}

/**
 * The quartile of a rank in words: "in the best quartile" (1) to "in the worst quartile" (4);
 * lowest/highest for `neither`. Never "quarter", on pages full of quarters.
 */
export function quartileText(quartile: 1 | 2 | 3 | 4, polarity: MetricInfo['polarity']): string {
  if (polarity === 'neither') {
    return [
      'in the lowest quartile',
      'in the second-lowest quartile',
      'in the second-highest quartile',
      'in the highest quartile',
    ][quartile - 1] as string;
  }
  return [
    'in the best quartile',
    'in the second-best quartile',
    'in the second-worst quartile',
    'in the worst quartile',
  ][quartile - 1] as string;
}

/** A band A–D (DfE's LAIT banding by the group's quartiles). */
export type { Band };

/**
 * A band in words: "band A, the best quartile" to "band D, the worst quartile"; for a measure that is
 * neither better higher nor lower, "band A, the lowest quartile" to "band D, the highest".
 */
export function bandText(band: Band, polarity: MetricInfo['polarity']): string {
  const i = 'ABCD'.indexOf(band);
  const words =
    polarity === 'neither'
      ? ['the lowest quartile', 'the second-lowest quartile', 'the second-highest quartile', 'the highest quartile']
      : ['the best quartile', 'the second-best quartile', 'the second-worst quartile', 'the worst quartile'];
  return `band ${band}, ${words[i]}`;
}

/**
 * The GOV.UK tag colour of a band, always beside its letter and words (never colour alone): green for
 * A to red for D, grey for a measure that is neither better higher nor lower.
 */
export function bandColour(band: Band, polarity: MetricInfo['polarity']): string {
  if (polarity === 'neither') return 'govuk-tag--grey';
  return { A: 'govuk-tag--green', B: 'govuk-tag--turquoise', C: 'govuk-tag--yellow', D: 'govuk-tag--red' }[band];
}

/** A metric's value for people, or a dash when there is none. */
export function formatValue(metric: MetricId, value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : formatMetricValue(metric, value);
}

/** The unit of a difference: percentage points for rates in percent. */
function differenceUnit(unit: MetricInfo['unit']): string {
  if (unit === 'percent') return ' percentage points';
  if (unit === 'ratio') return ' cases per FTE';
  return ' FTE';
}

/** A difference (its size, not its sign) in words: "2.1 percentage points", "0.5 cases per FTE", "3.0 FTE". */
export function differenceText(size: number, unit: MetricInfo['unit']): string {
  return `${Math.abs(size).toFixed(1)}${differenceUnit(unit)}`;
}

/** A change in words: "Improving: down 2.1 percentage points". */
export function changeText(change: Change | null, metric: MetricInfo): string {
  if (!change) return 'Not available';
  const amount = differenceText(change.difference, metric.unit);
  if (change.direction === 'no-change') return 'No change';
  const movement = change.difference < 0 ? `down ${amount}` : `up ${amount}`;
  if (change.direction === null) return movement.charAt(0).toUpperCase() + movement.slice(1);
  return `${change.direction === 'improving' ? 'Improving' : 'Worsening'}: ${movement}`;
}

/**
 * A change in a few characters, for a crowded table: "↓ 2.1 improving", "↑ 0.4 worsening", "↑ 3.0" (a
 * measure that is neither better higher nor lower), "No change", "–" (none). The arrow is the sign of
 * the difference; the word says what it means by the measure's direction. Said in full to screen
 * readers by {@link changeText}.
 */
export function changeShort(change: Change | null): string {
  if (!change) return '–';
  if (change.direction === 'no-change') return 'No change';
  const mark = `${change.difference < 0 ? '↓' : '↑'} ${Math.abs(change.difference).toFixed(1)}`;
  return change.direction === null ? mark : `${mark} ${change.direction}`;
}

/** A group's pooled figure, or why it is withheld. */
export function groupValueText(metric: MetricId, group: Group): string {
  if (group.status === 'withheld') {
    if (group.reason === 'not-released') return 'Not released';
    return group.reason === 'counts-not-shared' ? 'Not shared (a count)' : 'Withheld';
  }
  return formatValue(metric, group.pooled);
}

/** Said where a position (rank, quartile, funnel) waits for the period's release. */
export const NOT_COMPARED = 'Not compared until released';

/**
 * Where the authority stands in a group, in words. `released` is false while the period compared is
 * not released: the groups are then another period's, and the authority is not placed among them.
 */
export function standing(m: AuthorityMetric, group: 'region' | 'england' | 'neighbours', released: boolean): string {
  const g = m[group];
  if (!g) return 'Not in the statistical-neighbour model';
  const where =
    group === 'region' ? 'in the region' : group === 'england' ? 'in England' : 'with its statistical neighbours';
  if (g.group.status === 'withheld') {
    if (g.group.reason === 'counts-not-shared') return 'Not compared (a count)';
    return g.group.reason === 'not-released' || !released ? NOT_COMPARED : 'Withheld';
  }
  if (g.rank === null || g.quartile === null) return released ? 'Not available' : NOT_COMPARED;
  // The quartile by the group's quartiles (the band, shown beside as a tag) where there is one.
  const quartile = g.band ? (' ABCD'.indexOf(g.band) as 1 | 2 | 3 | 4) : g.quartile;
  return `${rankText(g.rank, g.n, m.metric.polarity, where)}, ${quartileText(quartile, m.metric.polarity)}`;
}

/** What an answer says of the release its group figures come from. */
export interface ReleaseHeader {
  readonly period: string;
  readonly release: ReleaseStamp | null;
}

/**
 * The label of the period the group figures are of when it is not the one compared (the period is
 * not released yet, and the groups are the last released period's); null when they are of the period.
 */
export function earlierGroups(data: ReleaseHeader): string | null {
  return data.release && data.release.period !== data.period ? data.release.periodLabel : null;
}

/** "Region and England figures: 2023-24 Q4, released 14 August 2024; revised 21 August 2024". */
export function releaseLine(release: ReleaseStamp | null, what: string): string {
  return release ? `${what}: ${release.periodLabel}, ${release.label}` : `${what}: none released yet`;
}

/** A group column's heading, naming the period its figures are of when it is not the one compared. */
export function groupHeading(label: string, earlier: string | null): string {
  return earlier ? `${label}, ${earlier}` : label;
}

/** A quarter in the period picker: how many authorities its release counts, or that it is not released. */
export function periodOptionText(period: ComparablePeriod): string {
  if (!period.released) return `${period.label} (not released yet)`;
  return `${period.label} (${period.authorities} ${period.authorities === 1 ? 'authority' : 'authorities'})`;
}

/**
 * The picker's quarters, newest first: the comparable periods, and the one shown when it is not among
 * them (a quarter opened by its address, where the viewer has no counted return yet).
 */
export function pickerPeriods(
  periods: readonly ComparablePeriod[],
  current: { readonly id: string; readonly label: string; readonly released: boolean },
): { readonly id: string; readonly text: string }[] {
  const options = periods.map((p) => ({ id: p.id, text: periodOptionText(p) }));
  if (periods.some((p) => p.id === current.id)) return options;
  const shown = { id: current.id, text: current.released ? current.label : `${current.label} (not released yet)` };
  return [...options, shown].sort((a, b) => comparePeriods(b.id, a.id));
}

/** Why a release was made, in words. */
export function releaseReasonText(release: Pick<ComparisonRelease, 'reason' | 'releasedByName'>): string {
  switch (release.reason) {
    case 'collection-closed':
      return 'Collection closed';
    case 'due-date-passed':
      return 'Due date passed';
    case 'scheduled':
      return 'Scheduled re-release';
    default:
      return release.releasedByName ? `Released by ${release.releasedByName}` : 'Released by an admin';
  }
}

/** A group's range, "9.3% to 29.3%", or a dash. */
export function rangeText(metric: MetricId, group: Group): string {
  if (group.status === 'withheld' || group.min === null || group.max === null) return '–';
  return `${formatValue(metric, group.min)} to ${formatValue(metric, group.max)}`;
}

/** A published figure, or DfE's symbol explained. */
export function publishedText(metric: MetricId, figure: PublishedValue | null | undefined): string {
  if (!figure) return '–';
  if (figure.value !== null) return formatValue(metric, figure.value);
  const symbols: Record<string, string> = {
    z: 'not applicable',
    x: 'not available',
    c: 'confidential',
    u: 'low reliability',
    low: 'rounds to 0',
  };
  return `Not published (${symbols[figure.symbol ?? ''] ?? 'no figure'})`;
}

/**
 * The funnel plot's verdict in words, as DESIGN section 5 has it: "As expected", "Possibly higher/lower
 * than expected" (outside the 95% limits only), "Significantly higher/lower than expected" (outside the
 * 99.8% limits), with "better" or "worse" by the metric's polarity and the limits it was judged by.
 */
export function funnelText(metric: MetricId, funnel: Funnel | null, where = ''): string {
  if (!funnel) return 'Not available';
  const place = where ? ` ${where}` : '';
  const range = (l: { lower: number; upper: number }) =>
    `${formatValue(metric, l.lower)} to ${formatValue(metric, l.upper)}`;
  if (funnel.verdict === 'as-expected')
    return `As expected for its size${place} (95% limits ${range(funnel.limits95)})`;
  const words = verdictText(funnel.verdict);
  const judged = funnel.assessment === 'better' || funnel.assessment === 'worse' ? `: ${funnel.assessment}` : '';
  const significant = funnel.verdict === 'significantly-higher' || funnel.verdict === 'significantly-lower';
  const high = funnel.verdict.endsWith('higher');
  const limits = significant
    ? `${high ? 'above' : 'below'} the 99.8% limits, ${range(funnel.limits998)}`
    : `${high ? 'above' : 'below'} the 95% limits, ${range(funnel.limits95)}`;
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} for its size${place}${judged} (${limits})`;
}

/**
 * The one sentence said wherever a funnel plot is explained: its limits allow for the real spread
 * between authorities, not only for chance.
 */
export const FUNNEL_SPREAD_NOTE =
  'The limits allow for the real spread between authorities (overdispersion), not only for chance, so only authorities that stand out from that spread are flagged.';

/** The name of the statistical neighbours' group wherever it stands beside the region and England. */
export const NEIGHBOURS_POOLED = 'Statistical neighbours (pooled)';

/** Whether a trend carries the statistical neighbours' group (an authority user's, in the model). */
export const hasNeighbours = (trend: readonly object[]) =>
  trend.some((t) => (t as { readonly neighbours?: unknown }).neighbours !== undefined);

/** DfE's census at a trend point (a Q2, ending on census day), where the answer has one. */
interface TrendCensus {
  readonly england: number | null;
  readonly region: number | null;
}

/**
 * The lines of a trend chart: one authority's, the region's and England's (and its statistical
 * neighbours' group, where the trend has one); and DfE's census figures
 * for England and the region as points at their census dates (30 September, a Q2's end), when any
 * quarter of the trend ends on one.
 */
export function trendLines(
  trend: readonly {
    readonly period: string;
    readonly region: number | null;
    readonly england: number | null;
    /** The statistical neighbours' group (an authority user's trend, when it is in the model). */
    readonly neighbours?: number | null;
    readonly census?: TrendCensus | null;
  }[],
  own: { readonly name: string; readonly value: (index: number) => number | null },
  regionName: string,
) {
  const lines = [
    { name: own.name, kind: 'own' as const, points: trend.map((t, i) => ({ period: t.period, value: own.value(i) })) },
    {
      name: `${regionName} (pooled)`,
      kind: 'region' as const,
      points: trend.map((t) => ({ period: t.period, value: t.region })),
    },
    {
      name: 'England (pooled)',
      kind: 'england' as const,
      points: trend.map((t) => ({ period: t.period, value: t.england })),
    },
    ...(hasNeighbours(trend)
      ? [
          {
            name: NEIGHBOURS_POOLED,
            kind: 'neighbour-group' as const,
            points: trend.map((t) => ({ period: t.period, value: t.neighbours ?? null })),
          },
        ]
      : []),
  ];
  if (!trend.some((t) => t.census)) return lines;
  return [
    ...lines,
    {
      name: 'DfE census, England',
      kind: 'census-england' as const,
      points: trend.map((t) => ({ period: t.period, value: t.census?.england ?? null })),
    },
    {
      name: `DfE census, ${regionName}`,
      kind: 'census-region' as const,
      points: trend.map((t) => ({ period: t.period, value: t.census?.region ?? null })),
    },
  ];
}
