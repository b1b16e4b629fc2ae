/** The practice notes' search in the address bar. */
import type { NotesFilter } from '../api/types';

const NOTE_FILTER_KEYS = ['q', 'status', 'theme', 'region', 'metric', 'from', 'to'] as const;

/** The notes search of the address: known keys with text values, and a page number; the API checks the values. */
export function notesSearch(search: Record<string, unknown>): NotesFilter {
  const out: Record<string, string | number> = {};
  for (const key of NOTE_FILTER_KEYS) {
    // The router reads a value that looks like JSON as JSON: a search for 2024 arrives as a number.
    const raw = search[key];
    const value = typeof raw === 'number' ? String(raw) : raw;
    if (typeof value === 'string' && value.trim() !== '') out[key] = value;
  }
  const page = Number(search.page);
  if (Number.isInteger(page) && page > 1) out.page = page;
  return out as NotesFilter;
}
