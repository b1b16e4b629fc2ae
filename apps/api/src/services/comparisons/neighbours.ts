/**
 * An authority's statistical neighbours as an anonymised group of the exchange's quarterly figures
 * (DESIGN sections 3 and 6): pure functions over releases.
 *
 * - **From releases.** A neighbour group is a group like the region: its figures come from a release
 *   of the period, never live. Re-releases are made when every region and England changed by 0 or at
 *   least k authorities; a neighbour group of 10 overlaps many of them, and would often change by
 *   fewer. So each neighbour group keeps to the releases of the period at which it changed by 0 or at
 *   least k contributions from every release it was served from before ({@link neighbourRelease}):
 *   the first release, then each later one that moved it by k or more. No two answers at any two
 *   times differ by the contributions of fewer than k of its members.
 * - **Overlapping groups.** The viewer sees its region, England and its neighbours' group; the group
 *   is withheld when it and a group shown beside it (or England beside the region and the group
 *   together, when the two do not overlap) differ by the contributions of fewer than k authorities
 *   and more than none ({@link differing}), not counting the viewer's own, which it knows.
 */
import type { MetricId } from '@csc-workforce/metrics-core';
import type { Released } from './load.js';

/** Each contributing authority's contribution to a metric: its value, numerator and denominator. */
export type Contributions = ReadonlyMap<string, string>;

/** The contributions to `metric` in a release of the authorities that `member` admits (those with a value). */
export function contributions(released: Released, metric: MetricId, member: (code: string) => boolean): Contributions {
  const out = new Map<string, string>();
  for (const [code, results] of released.results) {
    const r = results[metric];
    if (!member(code) || r.value === null) continue;
    out.set(code, `${r.value}|${r.numerator}|${r.denominator}`);
  }
  return out;
}

/**
 * The contributions to `metric` in a release of the authorities `codes` (those with a value there):
 * {@link contributions} for a small group, without a look at every authority of the release.
 */
export function contributionsOf(released: Released, metric: MetricId, codes: Iterable<string>): Contributions {
  const out = new Map<string, string>();
  for (const code of codes) {
    const r = released.results.get(code)?.[metric];
    if (!r || r.value === null) continue;
    out.set(code, `${r.value}|${r.numerator}|${r.denominator}`);
  }
  return out;
}

/** England's and each region's contributions to each metric, by release: a release never changes. */
const groupsByRelease = new WeakMap<Released, Map<string, Contributions>>();

/**
 * The contributions to `metric` in a release of England (`region` null) or of one region: worked
 * out once per release, metric and group, as the release never changes (not per answer: with 1,530
 * authorities that was most of the first answer after a save).
 */
export function groupContributions(released: Released, metric: MetricId, region: string | null): Contributions {
  let byGroup = groupsByRelease.get(released);
  if (!byGroup) {
    byGroup = new Map();
    groupsByRelease.set(released, byGroup);
  }
  const key = `${metric}:${region ?? ''}`;
  let found = byGroup.get(key);
  if (!found) {
    found = contributions(released, metric, region === null ? () => true : (c) => released.regionOf.get(c) === region);
    byGroup.set(key, found);
  }
  return found;
}

/**
 * The authorities (other than `own`) whose contribution differs between two groups: in one and not
 * the other, or in both with different figures (two releases of a period). Subtracting one group
 * from the other leaves exactly these; when they are more than none and fewer than k, they can be
 * isolated.
 *
 * @example
 * differing(new Map([['a', '1'], ['b', '2']]), new Map([['a', '1']]), 'x'); // 1 (b)
 */
export function differing(a: Contributions, b: Contributions, own: string | null): number {
  // Counted over the smaller group only (a neighbour group against England is 10 against 1,530):
  // the authorities in both (`common`) and those among them with the same figures (`same`); every
  // other one, in either group, differs.
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  let same = 0;
  for (const [code, figures] of small) {
    if (code === own) continue;
    const other = large.get(code);
    if (other === undefined) continue;
    common++;
    if (other === figures) same++;
  }
  const sizeLessOwn = (m: Contributions) => m.size - (own !== null && m.has(own) ? 1 : 0);
  return sizeLessOwn(a) - same + (sizeLessOwn(b) - common);
}

/** Two groups with no contributor in common, as one (null when they share one). */
export function disjointUnion(a: Contributions, b: Contributions): Contributions | null {
  for (const code of a.keys()) if (b.has(code)) return null;
  return new Map([...a, ...b]);
}

/**
 * The release of a period that a neighbour group's figures come from: of the period's releases
 * (oldest first), the first, then each later one whose contributions of `members` differ, for every
 * metric, from those of every release taken before by 0 or at least `k` authorities; the last taken.
 * Null when the period has no release.
 */
export function neighbourRelease(
  releases: readonly Released[],
  members: readonly string[],
  metrics: readonly MetricId[],
  k: number,
): Released | null {
  const [first, ...later] = releases;
  if (!first) return null;
  const codes = [...new Set(members)];
  const taken: Released[] = [first];
  for (const next of later) {
    const safe = metrics.every((metric) => {
      const now = contributionsOf(next, metric, codes);
      return taken.every((before) => {
        const d = differing(contributionsOf(before, metric, codes), now, null);
        return d === 0 || d >= k;
      });
    });
    if (safe) taken.push(next);
  }
  return taken.at(-1) as Released;
}
