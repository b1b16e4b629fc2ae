/**
 * The API's doc comments say what they stand above: no declaration carries a second, stray docblock
 * (one written for something else, left behind when code moved), and every function the library
 * modules export says what it does. Read with TypeScript's parser, which gives each declaration the
 * docblocks written directly above it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));

/** The TypeScript sources below a folder, tests and declarations left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

/** The docblocks TypeScript attaches to a node (`jsDoc` is internal, but stable and what editors show). */
const docsOf = (node: ts.Node): readonly ts.JSDoc[] => (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];

const isModuleDoc = (doc: ts.JSDoc) => doc.tags?.some((tag) => tag.tagName.text === 'module') ?? false;

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
}

const where = (file: ts.SourceFile, node: ts.Node) =>
  `${relative(SRC, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;

/** Declarations with more than one docblock above them (a file's `@module` block aside). */
function strayDocblocks(file: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const docs = docsOf(node).filter((doc) => !(node.parent === file && isModuleDoc(doc)));
    if (docs.length > 1) found.push(where(file, node));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Exported functions and classes without a docblock of their own. */
function undocumentedExports(file: ts.SourceFile): string[] {
  return file.statements
    .filter(
      (s) =>
        (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) &&
        (ts.getCombinedModifierFlags(s) & ts.ModifierFlags.Export) !== 0 &&
        docsOf(s).filter((doc) => !isModuleDoc(doc)).length === 0,
    )
    .map((s) => where(file, s));
}

describe('doc comments', () => {
  test('the checks find a stray docblock and an undocumented export', () => {
    const file = ts.createSourceFile(
      'x.ts',
      '/** Counts things. */\n/** Records things. */\nexport function record() {}\nexport function count() {}\n',
      ts.ScriptTarget.Latest,
      true,
    );
    expect(strayDocblocks(file)).toHaveLength(1);
    expect(undocumentedExports(file)).toHaveLength(1);
  });

  test('no declaration of the API carries a stray docblock', () => {
    expect(sources(SRC).flatMap((path) => strayDocblocks(parse(path)))).toEqual([]);
  });

  test('every function and class the library modules (lib/) export is documented', () => {
    expect(sources(join(SRC, 'lib')).flatMap((path) => undocumentedExports(parse(path)))).toEqual([]);
  });
});
