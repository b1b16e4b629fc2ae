import { describe, expect, test } from 'vitest';
import { returnStamps } from './stamps';

const saved = {
  savedAt: '2024-10-15T08:30:00Z',
  savedByName: 'Sam Submitter',
  updatedAt: '2024-10-20T13:05:00Z',
  updatedByName: 'Morgan Lead',
  version: 3,
};

describe('returnStamps', () => {
  test("a lead's decision is its own line: the last save stays the submitter's", () => {
    expect(returnStamps({ ...saved, status: 'accepted' })).toEqual([
      ['Last saved', '15 October 2024 at 9:30am by Sam Submitter'],
      ['Accepted', '20 October 2024 at 2:05pm by Morgan Lead'],
    ]);
    expect(returnStamps({ ...saved, status: 'returned' }, { version: true })).toEqual([
      ['Last saved', '15 October 2024 at 9:30am by Sam Submitter'],
      ['Sent back', '20 October 2024 at 2:05pm by Morgan Lead (version 3)'],
    ]);
    expect(returnStamps({ ...saved, status: 'submitted', updatedByName: 'Sam Submitter' })[1]).toEqual([
      'Submitted',
      '20 October 2024 at 2:05pm by Sam Submitter',
    ]);
  });

  test('a draft has only its last save; a name unknown is left out', () => {
    expect(
      returnStamps({ ...saved, status: 'draft', updatedAt: saved.savedAt, savedByName: null }, { version: true }),
    ).toEqual([['Last saved', '15 October 2024 at 9:30am (version 3)']]);
  });
});
