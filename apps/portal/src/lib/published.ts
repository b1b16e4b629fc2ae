/**
 * What a release of DfE's published statistics does, in words: the quarters its census stands beside,
 * what a preview says loading it would change, and what loading it did.
 */
import type { PublishedRelease, PublishedReleasePreview } from '@csc-workforce/schemas';
import { plural } from './text';

/**
 * The first quarter a census stands beside: DfE's census of 30 September of `year` is the one at or
 * before the end of every quarter from Q2 of `year`-(`year`+1), July to September, until the next.
 */
export function firstQuarterBeside(year: number): string {
  return `${year}-${String((year + 1) % 100).padStart(2, '0')} Q2`;
}

/** "2016", "2016 and 2024", "2015, 2016 and 2024". */
export function yearsText(years: readonly number[]): string {
  const sorted = [...years].sort((a, b) => a - b).map(String);
  if (sorted.length <= 1) return sorted.join('');
  return `${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)}`;
}

/** The years of a file no release in force has, older than the newest in force. */
function olderNewYears(preview: PublishedReleasePreview): number[] {
  const newest = preview.newestYearInForce;
  return preview.newYears.filter((y) => newest !== null && y < newest);
}

/** What older years loading the file adds and revises: "adds 2016 and revises 3 figures". */
function olderChanges(preview: PublishedReleasePreview): string | null {
  const older = olderNewYears(preview);
  const parts = [
    ...(older.length > 0 ? [`adds ${yearsText(older)}`] : []),
    ...(preview.revisedCells > 0 ? [`revises ${plural(preview.revisedCells, 'figure')} in force`] : []),
  ];
  return parts.length > 0 ? parts.join(' and ') : null;
}

/** What the file would do to the census beside each quarter, for the preview. */
export function previewEffect(preview: PublishedReleasePreview): string {
  if (preview.bringsNewerYear) {
    const before =
      preview.newestYearInForce === null ? '' : ` Earlier quarters keep the census at or before their end.`;
    return `Comparisons from ${firstQuarterBeside(preview.lastYear)} will stand beside its ${preview.lastYear} census (30 September ${preview.lastYear}).${before}`;
  }
  const changes = olderChanges(preview);
  return `It brings no newer census: the newest in force stays ${preview.newestYearInForce}.${
    changes ? ` It only ${changes}.` : ' It changes no figure in force.'
  }`;
}

/** The message after loading: what came into force, or that it only added or revised older years. */
export function loadedText(release: PublishedRelease, preview: PublishedReleasePreview, created: boolean): string {
  if (!created && !preview.loaded?.withdrawn) return `${release.name} was loaded before: nothing changed.`;
  const years = `${release.firstYear} to ${release.lastYear}`;
  const first = created
    ? `Loaded ${release.name}${release.name.includes(years) ? '' : ` (${years})`}.`
    : `${release.name} is back in force.`;
  if (preview.bringsNewerYear) {
    const older = olderChanges(preview);
    return `${first} Its ${release.lastYear} census now stands beside comparisons from ${firstQuarterBeside(release.lastYear)}.${
      older ? ` It also ${older}.` : ''
    }`;
  }
  const changes = olderChanges(preview);
  return changes
    ? `${first} It only ${changes}: the ${preview.newestYearInForce} census stays the newest in force.`
    : `${first} It changes no figure in force: the ${preview.newestYearInForce} census stays the newest.`;
}

/** The query of loading a file with the code changes confirmed (DfE's code : the authority's). */
export function loadPath(confirm: readonly string[]): string {
  return confirm.length > 0
    ? `/api/published/releases?${new URLSearchParams({ confirm: confirm.join(',') })}`
    : '/api/published/releases';
}

/** A code change as `confirm` names it. */
export function confirmationOf(change: PublishedReleasePreview['codeChanges'][number]): string {
  return `${change.code}:${change.authority.code}`;
}
