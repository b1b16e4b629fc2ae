/**
 * Ranks and quartiles by polarity.
 *
 * @module
 */
import type { Polarity } from './catalogue.js';

/**
 * Ranks values, 1 = best by polarity (lowest first for `lower`, highest first for `higher`; lowest
 * first for `neither`, where the rank orders but does not judge). Ties share the best rank they cover
 * (standard competition ranking, "1224"), so equal values are never ranked apart by accident of order;
 * with distinct values the ranks are a permutation of 1 to n.
 *
 * @example
 * rankValues([12, 30, 9], 'lower'); // [2, 3, 1]
 * rankValues([12, 30, 12], 'higher'); // [2, 1, 2]
 * @throws {RangeError} when a value is not a finite number.
 */
export function rankValues(values: readonly number[], polarity: Polarity): number[] {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`cannot rank ${v}`);
  const direction = polarity === 'higher' ? -1 : 1;
  return values.map((v) => {
    let better = 0;
    for (const w of values) if ((w - v) * direction < 0) better++;
    return better + 1;
  });
}

/**
 * The rank of `value` among `others` (the value itself not included in `others`), 1 = best by
 * polarity; ties share the better rank.
 *
 * @example
 * rankAmong(15, [10, 20, 30], 'lower'); // 2
 * @throws {RangeError} when a value is not a finite number.
 */
export function rankAmong(value: number, others: readonly number[], polarity: Polarity): number {
  if (!Number.isFinite(value)) throw new RangeError(`cannot rank ${value}`);
  const direction = polarity === 'higher' ? -1 : 1;
  let better = 0;
  for (const w of others) {
    if (!Number.isFinite(w)) throw new RangeError(`cannot rank ${w}`);
    if ((w - value) * direction < 0) better++;
  }
  return better + 1;
}

/**
 * The quartile of a rank among `n`: 1 for the best quarter of the group, 4 for the worst
 * (`ceil(4 × rank ÷ n)`, the banding of DfE's LA Interactive Tool). With 14 authorities, ranks 1–3
 * are quartile 1, 4–7 quartile 2, 8–10 quartile 3 and 11–14 quartile 4.
 *
 * @example
 * quartileOfRank(4, 14); // 2
 * @throws {RangeError} when `rank` is not a whole number from 1 to `n`.
 */
export function quartileOfRank(rank: number, n: number): 1 | 2 | 3 | 4 {
  if (!Number.isInteger(rank) || !Number.isInteger(n) || rank < 1 || rank > n) {
    throw new RangeError(`rank must be a whole number from 1 to n (${n}), got ${rank}`);
  }
  return Math.ceil((4 * rank) / n) as 1 | 2 | 3 | 4;
}
