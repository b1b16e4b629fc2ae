import { describe, expect, test } from 'vitest';
import { ApiProblem } from '../api/client';
import { csvFileError, fileFailureOf } from './FileLoad';

const problem = (errors: { row?: number; column?: string; message: string }[], detail = 'The file was refused') =>
  new ApiProblem({ type: '/problems/validation', title: 'Refused', status: 422, detail, errors });

describe("a reference file's refusal, as the admin pages show it", () => {
  test('a file with problems lists them by row; otherwise the detail stands at the field', () => {
    const rows = [{ row: 3, column: 'SN1', message: 'Not an LA number' }];
    expect(fileFailureOf(problem(rows), 'sn.csv', '#model-file')).toEqual({
      kind: 'rows',
      fileName: 'sn.csv',
      errors: rows,
    });
    expect(fileFailureOf(problem([]), 'sn.csv', '#model-file')).toEqual({
      kind: 'field',
      message: 'The file was refused',
      href: '#model-file',
    });
    expect(fileFailureOf(new Error('offline'), 'sn.csv', '#release-file')).toEqual({
      kind: 'field',
      message: 'The file could not be uploaded. Try again.',
      href: '#release-file',
    });
  });

  test('by row only: problems naming no row stay with the field', () => {
    const fields = [{ column: 'name', message: 'Enter a name' }];
    expect(fileFailureOf(problem(fields), 'sn.csv', '#model-file', true)).toMatchObject({
      kind: 'field',
      href: '#model-file',
    });
    expect(fileFailureOf(problem(fields), 'sn.csv', '#model-file')).toMatchObject({ kind: 'rows' });
    expect(fileFailureOf(problem([...fields, { row: 2, message: 'x' }]), 'sn.csv', '#m', true)).toMatchObject({
      kind: 'rows',
    });
  });

  test('a chosen file must be a CSV with data in it', () => {
    expect(csvFileError(undefined)).toBe('Select a CSV file');
    expect(csvFileError(new File(['x'], 'sn.xlsx'))).toBe('The selected file must be a CSV file with data in it');
    expect(csvFileError(new File([''], 'sn.csv'))).toBe('The selected file must be a CSV file with data in it');
    expect(csvFileError(new File(['x'], 'SN.CSV'))).toBeUndefined();
  });
});
