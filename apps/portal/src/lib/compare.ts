/**
 * Comparisons in words: where an authority stands ("4th lowest of 14 in the region"), which quarter
 * of the group it is in, the direction of travel, and the funnel plot's verdict. Pure functions.
 */
import { formatMetricValue, type MetricId } from '@csc-workforce/metrics-core';
import type { Change, Funnel, Group, MetricInfo, PublishedValue } from '@csc-workforce/schemas';

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
 * `neither`, ranked lowest first) and the highest for `higher`.
 */
export function rankText(rank: number, n: number, polarity: MetricInfo['polarity'], where: string): string {
  const end = polarity === 'higher' ? 'highest' : 'lowest';
  const place = rank === 1 ? `the ${end}` : `${ordinal(rank)} ${end}`;
  return `${place} of ${n} ${where}`;
}

/** The quartile in words: "in the best quarter" (1) to "in the worst quarter" (4); lowest/highest for `neither`. */
export function quartileText(quartile: 1 | 2 | 3 | 4, polarity: MetricInfo['polarity']): string {
  if (polarity === 'neither') {
    return [
      'in the lowest quarter',
      'in the second-lowest quarter',
      'in the second-highest quarter',
      'in the highest quarter',
    ][quartile - 1] as string;
  }
  return ['in the best quarter', 'in the second-best quarter', 'in the second-worst quarter', 'in the worst quarter'][
    quartile - 1
  ] as string;
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

/** A change in words: "Improving: down 2.1 percentage points". */
export function changeText(change: Change | null, metric: MetricInfo): string {
  if (!change) return 'Not available';
  const size = Math.abs(change.difference);
  const amount = `${size.toFixed(1)}${differenceUnit(metric.unit)}`;
  if (change.direction === 'no-change') return 'No change';
  const movement = change.difference < 0 ? `down ${amount}` : `up ${amount}`;
  if (change.direction === null) return movement.charAt(0).toUpperCase() + movement.slice(1);
  return `${change.direction === 'improving' ? 'Improving' : 'Worsening'}: ${movement}`;
}

/** A group's pooled figure, or why it is withheld. */
export function groupValueText(metric: MetricId, group: Group): string {
  if (group.status === 'withheld') return 'Withheld';
  return formatValue(metric, group.pooled);
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

/** The funnel plot's verdict in words. */
export function funnelText(metric: MetricId, funnel: Funnel | null, where = ''): string {
  if (!funnel) return 'Not available';
  const place = where ? ` ${where}` : '';
  const range = `${formatValue(metric, funnel.limits95.lower)} to ${formatValue(metric, funnel.limits95.upper)}`;
  switch (funnel.assessment) {
    case 'as-expected':
      return `Within the range expected for its size${place} (95% limits ${range})`;
    case 'better':
      return `Better than expected for its size${place} (outside the 95% limits, ${range})`;
    case 'worse':
      return `Worse than expected for its size${place} (outside the 95% limits, ${range})`;
    default:
      return `Unusual for its size${place} (outside the 95% limits, ${range})`;
  }
}

/** The three lines of a trend chart: one authority's, the region's and England's. */
export function trendLines(
  trend: readonly { readonly period: string; readonly region: number | null; readonly england: number | null }[],
  own: { readonly name: string; readonly value: (index: number) => number | null },
  regionName: string,
) {
  return [
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
  ];
}
