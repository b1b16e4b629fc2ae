/**
 * React keys for lists whose items may repeat (two identical errors): each item's own key, with
 * `#2`, `#3`… for repeats, so keys stay stable when the list changes elsewhere.
 */
export function withKeys<T>(items: readonly T[], keyOf: (item: T) => string): [string, T][] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = keyOf(item);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return [count === 1 ? base : `${base}#${count}`, item];
  });
}
