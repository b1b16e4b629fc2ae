/**
 * Words about a collection round that the tracker and a lead's home page share (a module of its own,
 * so that the home page loads no more of the tracker than this).
 */
import type { Tracker } from '@csc-workforce/schemas';
import { plural } from './text';

/** The progress line: "11 of 14 submitted", then what the rest are doing. */
export function progressText(summary: Tracker['summary']): string {
  const parts = [
    summary.awaitingReview ? `${summary.awaitingReview} waiting for review` : '',
    summary.accepted ? `${summary.accepted} accepted` : '',
    summary.returned ? `${summary.returned} sent back` : '',
    summary.draft ? `${plural(summary.draft, 'draft')}` : '',
    summary.notStarted ? `${summary.notStarted} not started` : '',
  ].filter(Boolean);
  return `${summary.submitted} of ${summary.authorities} submitted${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
