/** The CSV reader's fast path for files without quotes reads exactly what csv-parse reads. */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CSV_RECORD_OPTIONS, plainCsvRecords, readCsv } from './spreadsheets-read.js';

/** Each record as csv-parse reads it, with its number. */
function viaCsvParse(text: string, delimiter: string): [number, string[]][] {
  const records: [number, string[]][] = [];
  parse(text, {
    ...CSV_RECORD_OPTIONS,
    delimiter,
    on_record: (record: string[], context) => {
      records.push([context.records, record]);
      return null;
    },
  });
  return records;
}

const numbered = (records: string[][]) => records.map((record, i): [number, string[]] => [i + 1, record]);

describe('CSV without quotes', () => {
  test('line endings, empty lines and empty values as csv-parse reads them', () => {
    for (const text of [
      'a\n\n',
      'a\n',
      'a',
      '\n',
      '\n\na',
      'a,b\r\n\r\nc',
      'a\r',
      'a\r\r',
      ',',
      ',\n',
      ' ',
      'a\r\nb\nc\rd',
    ]) {
      expect(numbered(plainCsvRecords(text, ',')), JSON.stringify(text)).toEqual(viaCsvParse(text, ','));
    }
  });

  test('any text without a double quote, any delimiter: the same records (property)', () => {
    const unit = fc.constantFrom('a', '1', ' ', ',', ';', '\t', '\n', '\r', '=', "'", 'é', '\\');
    fc.assert(
      fc.property(fc.string({ unit }), fc.constantFrom(',', ';', '\t'), (text, delimiter) => {
        expect(numbered(plainCsvRecords(text, delimiter))).toEqual(viaCsvParse(text, delimiter));
      }),
      { numRuns: 2000 },
    );
  });

  test('a file with quotes still goes through csv-parse, and reads the same as without them', () => {
    const plain = readCsv(new TextEncoder().encode('authority_code,period\r\nE08000026,2024-25-Q1\n\nx,y\n'), {
      maxRows: 10,
    });
    const quoted = readCsv(new TextEncoder().encode('"authority_code",period\r\n"E08000026",2024-25-Q1\n\nx,"y"\n'), {
      maxRows: 10,
    });
    expect(quoted.header).toEqual(plain.header);
    expect(quoted.rows).toEqual(plain.rows);
    expect(plain.rows.map((r) => r.row)).toEqual([2, 4]);
  });
});
