import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEmptyDatabase, DB_KINDS } from '../../test/harness.js';
import { type Database, executePrepared, rowsOf } from './client.js';

describe.each(DB_KINDS)('named prepared statements on %s', (kind) => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ database, drop } = await createEmptyDatabase(kind));
    await database.exec(
      "CREATE TABLE t (id int PRIMARY KEY, at timestamptz NOT NULL, data jsonb, note text); INSERT INTO t VALUES (1, '2024-05-19 12:00:00+00', '{\"a\": [1, 2]}', null)",
    );
  });
  afterAll(() => drop());

  const select = (id: number) => sql`SELECT id, at, data, note, ${'x'}::text AS label FROM t WHERE id = ${id}`;

  test('answers as db.execute does: the same rows, times as text, JSON as objects', async () => {
    const plain = rowsOf(await database.db.execute(select(1)));
    for (let i = 0; i < 3; i++) {
      expect(rowsOf(await executePrepared(database.db, 'test_select', select(1)))).toEqual(plain);
    }
    expect(plain).toEqual([
      { id: 1, at: expect.stringMatching(/^2024-05-19 12:00:00/), data: { a: [1, 2] }, note: null, label: 'x' },
    ]);
    expect(rowsOf(await executePrepared(database.db, 'test_select', select(2)))).toEqual([]);
  });

  test('writes, with parameters of every kind; one name is one text', async () => {
    const insert = (id: number) =>
      sql`INSERT INTO t (id, at, data, note) SELECT ${id}, ${'2025-01-02T03:04:05.000Z'}, ${JSON.stringify({ b: "it's" })}::jsonb, ${null} RETURNING id, data`;
    expect(rowsOf(await executePrepared(database.db, 'test_insert', insert(10)))).toEqual([
      { id: 10, data: { b: "it's" } },
    ]);
    expect(rowsOf(await executePrepared(database.db, 'test_insert', insert(11)))).toEqual([
      { id: 11, data: { b: "it's" } },
    ]);
    await expect(executePrepared(database.db, 'test_insert', sql`SELECT 1`)).rejects.toThrow(/another text/);
  });

  test('a statement that fails throws, and the next one runs', async () => {
    const divide = (by: number) => sql`SELECT 10 / ${by}::int AS q`;
    await expect(executePrepared(database.db, 'test_divide', divide(0))).rejects.toThrow(/division by zero/);
    expect(rowsOf(await executePrepared(database.db, 'test_divide', divide(5)))).toEqual([{ q: 2 }]);
    expect(rowsOf(await executePrepared(database.db, 'test_select', select(1)))).toHaveLength(1);
  });

  test("inside a transaction it is the transaction's statement, and is undone with it", async () => {
    const insert = (id: number) => sql`INSERT INTO t (id, at) VALUES (${id}, now()) RETURNING id`;
    await expect(
      database.db.transaction(async (tx) => {
        expect(rowsOf(await executePrepared(tx, 'test_insert_tx', insert(20)))).toEqual([{ id: 20 }]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(rowsOf(await database.db.execute(sql`SELECT id FROM t WHERE id = 20`))).toEqual([]);
  });

  test('never runs inside another caller’s transaction', async () => {
    // A transaction in progress that will be undone; a prepared write started meanwhile must not be
    // part of it (it waits, on the embedded database, or runs on another connection on a server).
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let begun: () => void = () => {};
    const inside = new Promise<void>((resolve) => {
      begun = resolve;
    });
    const transaction = database.db
      .transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t (id, at) VALUES (30, now())`);
        begun();
        await held;
        throw new Error('undo');
      })
      .catch(() => 'undone');
    await inside;
    const write = executePrepared(database.db, 'test_insert_other', sql`INSERT INTO t (id, at) VALUES (${31}, now())`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    expect(await transaction).toBe('undone');
    await write;
    expect(rowsOf(await database.db.execute(sql`SELECT id FROM t WHERE id IN (30, 31) ORDER BY id`))).toEqual([
      { id: 31 },
    ]);
  });
});
