import { describe, expect, test } from 'vitest';
import { rowErrorItems, spreadsheetFileError } from './RowErrorsTable';

describe("a refused file's problems in the error summary", () => {
  test('up to ten listed by row and column, then how many more, each linking to the table', () => {
    const errors = Array.from({ length: 12 }, (_, i) => ({
      row: i + 2,
      column: 'leavers_fte',
      message: 'Enter a number',
    }));
    const items = rowErrorItems(errors);
    expect(items).toHaveLength(11);
    expect(items[0]).toEqual({ text: 'Row 2, column leavers_fte: Enter a number', href: '#import-errors' });
    expect(items[10]).toEqual({ text: 'and 2 more problems', href: '#import-errors' });
    expect(rowErrorItems([{ message: 'No header' }], 'errs')).toEqual([{ text: 'The file: No header', href: '#errs' }]);
  });

  test('a chosen file must be a CSV or XLSX with something in it', () => {
    const file = (name: string, body: string) => new File([body], name);
    expect(spreadsheetFileError(undefined)).toBe('Select a CSV or XLSX file');
    expect(spreadsheetFileError(file('returns.pdf', 'x'))).toBe('The selected file must be a CSV or XLSX');
    expect(spreadsheetFileError(file('returns.CSV', ''))).toBe('The selected file is empty');
    expect(spreadsheetFileError(file('returns.xlsx', 'x'))).toBeUndefined();
  });
});
