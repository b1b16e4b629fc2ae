import { describe, expect, test } from 'vitest';
import { loadSearchSchemas, searchSchemasLoaded, validateSearchOf } from './search';
import { SEARCH } from './search-schemas';

describe('search parameters', () => {
  test('text is trimmed, a number the router read as JSON is text again, and empty text is left out', () => {
    expect(SEARCH.notes.parse({ q: '  academy ', theme: 2024, region: '  ', metric: { a: 1 } })).toEqual({
      q: 'academy',
      theme: '2024',
    });
  });

  test('a page is a whole number from 2; anything else is the first page', () => {
    expect(SEARCH.adminUsers.parse({ page: 3 }).page).toBe(3);
    expect(SEARCH.adminUsers.parse({ page: '7' }).page).toBe(7);
    for (const page of [1, 0, -2, 2.5, 'two', 100_001, null]) {
      expect(SEARCH.adminAudit.parse({ page }).page, String(page)).toBeUndefined();
    }
  });

  test("a notes status is one of the notes' statuses, and done is only what the page just did", () => {
    expect(SEARCH.notes.parse({ status: 'draft' }).status).toBe('draft');
    expect(SEARCH.notes.parse({ status: 'deleted' }).status).toBeUndefined();
    expect(SEARCH.adminUser.parse({ done: 'invited' }).done).toBe('invited');
    expect(SEARCH.adminUser.parse({ done: 'added' }).done).toBeUndefined();
    expect(SEARCH.signIn.parse({ redirect: '/notes?q=1', other: 'x' })).toEqual({ redirect: '/notes?q=1' });
  });

  test('before the schemas have loaded only an empty search is read; after, every search is', async () => {
    expect(searchSchemasLoaded()).toBe(false);
    expect(validateSearchOf.notes({})).toEqual({});
    expect(() => validateSearchOf.notes({ q: 'academy' })).toThrow(/before its schema has loaded/);
    await loadSearchSchemas();
    expect(searchSchemasLoaded()).toBe(true);
    expect(validateSearchOf.notes({ q: 'academy', page: 2 })).toEqual({ q: 'academy', page: 2 });
  });
});
