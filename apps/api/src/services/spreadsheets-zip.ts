/**
 * Inspecting an .xlsx upload (a zip archive) before an XLSX reader is let near it: the central
 * directory is read with yauzl and checked first (number of entries, declared uncompressed sizes,
 * compression ratio, encryption), so that a zip bomb is refused without inflating it. Then every entry
 * is inflated as a stream that yauzl stops as soon as it holds more than its declared size, so that a
 * bomb that lies about its size is refused too, with memory bounded by the declared sizes.
 */
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { fileProblem, formatBytes, type ImportLimits, plural } from './spreadsheets.js';

/** The entries of a zip that passed the checks, and the text of those the caller asked to keep. */
export interface ZipContents {
  /** Every file entry's name (folders left out). */
  readonly names: readonly string[];
  /** The text (UTF-8) of the entries `keep` selected. */
  readonly texts: ReadonlyMap<string, string>;
}

type ZipLimits = Pick<
  ImportLimits,
  'maxZipEntries' | 'maxUncompressedBytes' | 'maxCompressionRatio' | 'ratioCheckFromBytes'
>;

const NOT_A_ZIP = 'The file is not a readable Excel workbook (.xlsx): its zip archive is damaged.';

function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error) reject(fileProblem(422, NOT_A_ZIP));
      else resolve(zip);
    });
  });
}

/** Reads the central directory: every entry's name and declared sizes, nothing inflated. */
function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', () => reject(fileProblem(422, NOT_A_ZIP)));
    zip.readEntry();
  });
}

const isFolder = (entry: Entry) => entry.fileName.endsWith('/');

/** Refuses a zip whose central directory already shows a bomb, or what no workbook holds. */
function checkDirectory(zip: ZipFile, entries: readonly Entry[], limits: ZipLimits): void {
  if (zip.entryCount > limits.maxZipEntries) {
    throw fileProblem(
      422,
      `The workbook holds ${plural(zip.entryCount, 'part')}; a workbook of returns needs far fewer, and at most ${limits.maxZipEntries} are read. It may be a zip bomb.`,
    );
  }
  if (entries.some((entry) => entry.isEncrypted())) {
    throw fileProblem(422, 'The workbook is encrypted: save it without a password, then upload it again.');
  }
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) {
    throw fileProblem(
      413,
      `The workbook expands to ${formatBytes(total)} once uncompressed; at most ${formatBytes(limits.maxUncompressedBytes)} can be imported. Split it into smaller files, or upload it as CSV.`,
    );
  }
  const bomb = entries.find(
    (entry) =>
      entry.uncompressedSize > limits.ratioCheckFromBytes &&
      entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxCompressionRatio,
  );
  if (bomb) {
    throw fileProblem(
      422,
      `The workbook is compressed more than ${limits.maxCompressionRatio} to 1 (${formatBytes(bomb.compressedSize)} expand to ${formatBytes(bomb.uncompressedSize)}), which no spreadsheet of returns needs: it looks like a zip bomb.`,
    );
  }
}

function openStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) reject(error);
      else resolve(stream);
    });
  });
}

/**
 * Inflates one entry as a stream. yauzl errors as soon as it holds more bytes than it declared, or
 * fewer, so the bytes read are bounded by the declared size that {@link checkDirectory} accepted.
 */
async function inflate(zip: ZipFile, entry: Entry, keep: boolean): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  try {
    const stream = await openStream(zip, entry);
    for await (const chunk of stream) {
      if (keep && Buffer.isBuffer(chunk)) chunks.push(chunk);
    }
  } catch {
    throw fileProblem(
      422,
      `The workbook is damaged: its part ${JSON.stringify(entry.fileName.slice(0, 80))} does not inflate to the size it declares. It may be a zip bomb.`,
    );
  }
  return keep ? Buffer.concat(chunks) : undefined;
}

/**
 * Checks a zip archive against the limits and inflates it entry by entry, keeping the text of the
 * entries `keep` selects.
 *
 * @throws {HttpProblem} 422 when the bytes are not a readable zip, hold too many entries, are encrypted,
 *   compressed beyond the ratio, or an entry inflates to other than its declared size; 413 when the
 *   entries together declare more than the uncompressed limit.
 */
export async function inspectZip(bytes: Buffer, limits: ZipLimits, keep: (name: string) => boolean) {
  const zip = await openZip(bytes);
  if (zip.entryCount > limits.maxZipEntries) checkDirectory(zip, [], limits);
  const entries = (await listEntries(zip)).filter((entry) => !isFolder(entry));
  checkDirectory(zip, entries, limits);
  const texts = new Map<string, string>();
  for (const entry of entries) {
    const wanted = keep(entry.fileName);
    const content = await inflate(zip, entry, wanted);
    if (wanted && content) texts.set(entry.fileName, content.toString('utf8'));
  }
  return { names: entries.map((entry) => entry.fileName), texts } satisfies ZipContents;
}
