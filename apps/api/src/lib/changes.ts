/**
 * What has changed in the database, for the caches of one process. The migrations make every write to
 * the cached tables notify the channel `csc_changes` with the table's name (see
 * migrations/0003_change_notifications.sql). The embedded database (PGlite) belongs to this one
 * process and delivers a notification before the write's query returns, so a cache keyed by
 * {@link ChangeFeed.stamp} is never read stale. A PostgreSQL server is shared by several instances and
 * delivers notifications later, on another connection; there the API has no feed and checks the
 * database on every request.
 */

export const CHANGES_CHANNEL = 'csc_changes';

type Listener = (table: string) => void;

/** Counts the changes to each table that this process has been told of. */
export class ChangeFeed {
  private readonly counts = new Map<string, number>();
  private readonly listeners = new Set<Listener>();

  /** Records a change (called for each notification). */
  changed(table: string): void {
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
    for (const listener of this.listeners) listener(table);
  }

  /** A key that changes whenever any of `tables` changes. */
  stamp(tables: readonly string[]): string {
    return tables.map((t) => this.counts.get(t) ?? 0).join('.');
  }

  /** Calls `listener` after every change; returns how to stop. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
