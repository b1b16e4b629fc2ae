/**
 * The plain-language summary of a comparison (DESIGN sections 4 and 5): a few sentences generated from
 * the figures, never free text. For an authority: where it stands against its region and England on
 * each measure, which measures have moved the same way for several quarters, which verdicts are
 * significant, and its targets. For a lead: the region against England, and the authorities that
 * stand out.
 *
 * @module
 */

/** Better or worse than a group, by the measure's polarity. */
export type Versus = 'better' | 'worse' | 'same';

/** One measure of an authority, as the summary reads it. */
export interface MeasureStanding {
  /** The measure's label in a sentence: "vacancy rate". */
  readonly label: string;
  /** Against the region's and England's pooled figures, by polarity; null when not compared (no value, withheld, a measure that is neither better higher nor lower). */
  readonly region: Versus | null;
  readonly england: Versus | null;
  /**
   * Quarters in a row, to this one, that the value moved the same way: `improving`/`worsening` by
   * polarity (`rising`/`falling` for a measure with neither); null under 2.
   */
  readonly run: {
    readonly direction: 'improving' | 'worsening' | 'rising' | 'falling';
    readonly quarters: number;
  } | null;
  /** The funnel verdict against the region, where it is not "as expected": better or worse by polarity. */
  readonly signal: { readonly strength: 'possibly' | 'significantly'; readonly direction: Versus } | null;
  /** Where it stands against its own target, if it set one. */
  readonly target: { readonly status: 'met' | 'not-met' | 'no-value'; readonly overdue: boolean } | null;
}

/** Quarters in a row from which a run of movement is worth a sentence. */
export const RUN_WORTH_SAYING = 3;

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "<opening> on 9 of the 12 measures compared; worse on …": `opening` says who is better than what. */
function versusSentence(
  opening: string,
  measures: readonly MeasureStanding[],
  of: 'region' | 'england',
): string | null {
  const compared = measures.filter((m) => m[of] !== null);
  if (compared.length === 0) return null;
  const better = compared.filter((m) => m[of] === 'better');
  const worse = compared.filter((m) => m[of] === 'worse');
  const head = `${opening} on ${better.length} of the ${compared.length} measures compared`;
  if (worse.length === 0) return `${head}, and worse on none.`;
  if (worse.length <= 4) return `${head}; worse on ${list(worse.map((m) => m.label))}.`;
  return `${head}, and worse on ${worse.length}.`;
}

/**
 * The summary of an authority's comparison: up to five sentences.
 *
 * @example
 * authoritySummary('Coventry', 'the West Midlands', [
 *   { label: 'vacancy rate', region: 'better', england: 'better', run: null, signal: null, target: null },
 *   { label: 'agency rate', region: 'worse', england: 'worse', run: { direction: 'worsening', quarters: 3 }, signal: null, target: null },
 * ]);
 * // ['Coventry is better than the West Midlands on 1 of the 2 measures compared; worse on agency rate.', …]
 */
export function authoritySummary(name: string, regionName: string, measures: readonly MeasureStanding[]): string[] {
  const sentences: string[] = [];
  const region = versusSentence(`${name} is better than ${regionName}`, measures, 'region');
  if (region) sentences.push(region);
  const england = versusSentence('Against England, it is better', measures, 'england');
  if (england) sentences.push(england);
  const runs = measures.filter((m) => m.run && m.run.quarters >= RUN_WORTH_SAYING);
  const worsening = runs.filter((m) => m.run?.direction === 'worsening');
  const improving = runs.filter((m) => m.run?.direction === 'improving');
  const moving = runs.filter((m) => m.run?.direction === 'rising' || m.run?.direction === 'falling');
  const runText = (m: MeasureStanding) => `${m.label} (${m.run?.quarters} quarters)`;
  if (worsening.length > 0) sentences.push(`Worsening quarter after quarter: ${list(worsening.map(runText))}.`);
  if (improving.length > 0) sentences.push(`Improving quarter after quarter: ${list(improving.map(runText))}.`);
  if (moving.length > 0)
    sentences.push(
      `Moving the same way quarter after quarter: ${list(moving.map((m) => `${m.label} ${m.run?.direction} (${m.run?.quarters} quarters)`))}.`,
    );
  const significant = measures.filter((m) => m.signal?.strength === 'significantly');
  if (significant.length > 0) {
    sentences.push(
      `Significantly different from the region for its size: ${list(significant.map((m) => `${m.label} (${m.signal?.direction})`))}.`,
    );
  } else if (measures.some((m) => m.signal !== null || m.region !== null)) {
    sentences.push('No measure is significantly different from the region for its size.');
  }
  const targets = measures.filter((m) => m.target);
  if (targets.length > 0) {
    const met = targets.filter((m) => m.target?.status === 'met');
    const overdue = targets.filter((m) => m.target?.overdue);
    sentences.push(
      `${capital(`${met.length} of its ${targets.length} target${targets.length === 1 ? '' : 's'} met`)}${overdue.length > 0 ? `; overdue: ${list(overdue.map((m) => m.label))}` : ''}.`,
    );
  }
  return sentences;
}

/** One authority of a lead's region, as the region's summary reads it. */
export interface AuthorityStanding {
  readonly name: string;
  /** Measures where it is significantly better or worse than the region for its size. */
  readonly significantlyWorse: readonly string[];
  readonly significantlyBetter: readonly string[];
  /** Measures in band D (the worst quartile of the region) and compared at all. */
  readonly bandD: number;
  readonly banded: number;
}

/**
 * The summary of a lead's comparison: the region against England, and the authorities that stand out
 * (a significant verdict, or in band D on at least half the measures banded).
 *
 * @example
 * regionSummary('West Midlands', { better: 5, worse: 7, compared: 12 }, [
 *   { name: 'Herefordshire', significantlyWorse: ['vacancy rate'], significantlyBetter: [], bandD: 3, banded: 12 },
 * ]);
 */
export function regionSummary(
  regionName: string,
  versusEngland: { readonly better: number; readonly worse: number; readonly compared: number },
  authorities: readonly AuthorityStanding[],
): string[] {
  const sentences: string[] = [];
  if (versusEngland.compared > 0)
    sentences.push(
      `${regionName} is better than England on ${versusEngland.better} of the ${versusEngland.compared} measures compared, and worse on ${versusEngland.worse}.`,
    );
  const worse = authorities.filter((a) => a.significantlyWorse.length > 0);
  const better = authorities.filter((a) => a.significantlyBetter.length > 0);
  if (worse.length > 0)
    sentences.push(
      `Significantly worse than the region for their size: ${list(worse.map((a) => `${a.name} (${list(a.significantlyWorse)})`))}.`,
    );
  if (better.length > 0)
    sentences.push(
      `Significantly better than the region for their size: ${list(better.map((a) => `${a.name} (${list(a.significantlyBetter)})`))}.`,
    );
  if (worse.length === 0 && better.length === 0)
    sentences.push('No authority is significantly different from the region for its size on any measure.');
  const low = authorities.filter((a) => a.banded > 0 && a.bandD * 2 >= a.banded);
  if (low.length > 0)
    sentences.push(
      `In band D (the region's worst quartile) on half its measures or more: ${list(low.map((a) => `${a.name} (${a.bandD} of ${a.banded})`))}.`,
    );
  return sentences;
}
