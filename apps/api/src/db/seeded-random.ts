/**
 * Deterministic pseudo-random numbers for the demo data: the same sequence for the same seed, so
 * that every demo database holds the same figures.
 * @module
 */

/**
 * mulberry32: numbers in [0, 1) from a 32-bit state.
 * @example
 * const next = mulberry32(17_000); next(); // the same first number on every run
 */
export function mulberry32(state: number): () => number {
  let a = state;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** {@link mulberry32} seeded from a string (its FNV-1a hash). */
export function randomFrom(seed: string): () => number {
  let a = 2166136261;
  for (let i = 0; i < seed.length; i++) a = Math.imul(a ^ seed.charCodeAt(i), 16777619);
  return mulberry32(a);
}
