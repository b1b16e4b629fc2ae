/**
 * Agency spend per agency FTE: what the quarter's agency workers cost, per full-time equivalent.
 *
 * @module
 */

/** Spend per agency FTE, with what it was computed from. */
export interface AgencySpendPerFte {
  /** Pounds per agency FTE in the quarter, unrounded; null when it cannot be computed. */
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly reason?: 'missing-input' | 'zero-denominator';
}

/**
 * The quarter's agency spend (£) ÷ agency FTE at quarter end: a quarter's cost of one full-time agency
 * worker. Groups pool by adding spends and FTEs. The return's `agencySpend` is optional, so an
 * authority that leaves it blank has no value (and why).
 *
 * @param agencySpend - the return's `agencySpend`, £ in the quarter; null or undefined when blank.
 * @param agencyFte - the return's `agencyFte` at quarter end.
 * @example
 * agencySpendPerFte(450_000, 15); // { value: 30000, numerator: 450000, denominator: 15 }
 * agencySpendPerFte(null, 15); // { value: null, numerator: null, denominator: null, reason: 'missing-input' }
 * @throws {RangeError} when a figure is negative or not finite.
 */
export function agencySpendPerFte(
  agencySpend: number | null | undefined,
  agencyFte: number | null | undefined,
): AgencySpendPerFte {
  for (const v of [agencySpend, agencyFte]) {
    if (v !== null && v !== undefined && (!Number.isFinite(v) || v < 0)) throw new RangeError(`Not a figure: ${v}`);
  }
  if (agencySpend === null || agencySpend === undefined || agencyFte === null || agencyFte === undefined) {
    return { value: null, numerator: null, denominator: null, reason: 'missing-input' };
  }
  if (agencyFte === 0) return { value: null, numerator: null, denominator: null, reason: 'zero-denominator' };
  return { value: agencySpend / agencyFte, numerator: agencySpend, denominator: agencyFte };
}
