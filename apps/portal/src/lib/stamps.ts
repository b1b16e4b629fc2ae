/**
 * Who did what to a return, and when, as its pages say it: when its figures were last saved (a save
 * or an import), and, apart, its latest change of status (a submission, or the regional lead's
 * acceptance or sending back), which changes no figure.
 */
import { RETURN_STATUS_LABELS, type ReturnSummary } from '@csc-workforce/schemas';
import { formatDateTime } from './text';

/** A row of a summary list: its key and its value. */
export type StampRow = readonly [label: string, value: string];

const stamp = (at: string, by: string | null) => `${formatDateTime(at)}${by ? ` by ${by}` : ''}`;

/**
 * "Last saved: 15 October 2024 at 9:30am by Sam Submitter", then, for a return that is not a draft,
 * "Accepted: 20 October 2024 at 2:05pm by Morgan Lead" (or Submitted, Sent back): a lead's decision
 * never reads as a save. `version` adds the return's version to the latest of the two.
 */
export function returnStamps(
  record: Pick<ReturnSummary, 'status' | 'version' | 'savedAt' | 'savedByName' | 'updatedAt' | 'updatedByName'>,
  options: { readonly version?: boolean } = {},
): StampRow[] {
  const version = options.version ? ` (version ${record.version})` : '';
  if (record.status === 'draft') return [['Last saved', `${stamp(record.savedAt, record.savedByName)}${version}`]];
  return [
    ['Last saved', stamp(record.savedAt, record.savedByName)],
    [RETURN_STATUS_LABELS[record.status], `${stamp(record.updatedAt, record.updatedByName)}${version}`],
  ];
}
