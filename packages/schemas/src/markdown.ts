/**
 * Markdown of practice notes, made safe by construction: the text is parsed (with `marked`'s lexer,
 * GitHub-flavoured) into a small tree of the elements a note may use, and anything else is turned
 * into plain text. Raw HTML is never passed on: it becomes the text it was written as. A link keeps
 * its address only when the address is on an allow-list (http, https, mailto, or a path on this site);
 * any other link (`javascript:`, `data:`, `vbscript:`, …) becomes its text. Images become their alt
 * text. The portal renders the tree as React elements, never as HTML strings, and the API reads its
 * plain text for search.
 *
 * @module
 */
import { decodeHTMLStrict } from 'entities/decode';
import { Lexer, type Token, type Tokens } from 'marked';

/** Inline content: text, emphasis, code, a safe link, a line break. */
export type MarkdownInline =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'strong' | 'em' | 'del'; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'code'; readonly text: string }
  | { readonly type: 'link'; readonly href: string; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'br' };

/** Block content. Headings are levels 2 to 4: the note's title is the page's only level 1. */
export type MarkdownBlock =
  | { readonly type: 'paragraph'; readonly children: readonly MarkdownInline[] }
  /** The text of a tight list item, not wrapped in a paragraph. */
  | { readonly type: 'plain'; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'heading'; readonly level: 2 | 3 | 4; readonly children: readonly MarkdownInline[] }
  | {
      readonly type: 'list';
      readonly ordered: boolean;
      readonly start: number;
      readonly items: readonly (readonly MarkdownBlock[])[];
    }
  | { readonly type: 'blockquote'; readonly children: readonly MarkdownBlock[] }
  | { readonly type: 'code'; readonly text: string }
  | {
      readonly type: 'table';
      readonly header: readonly (readonly MarkdownInline[])[];
      readonly rows: readonly (readonly (readonly MarkdownInline[])[])[];
    }
  | { readonly type: 'hr' };

/** A stand-in origin for reading paths on this site. */
const SITE = 'https://site.invalid';

/** The URL schemes a link may use. */
export const LINK_SCHEMES = ['https:', 'http:', 'mailto:'] as const;

/**
 * Decodes the character references Markdown text may hold (`&amp;`, `&eacute;`, `&#39;`, `&#x61;`), as
 * a browser would: the lexer leaves them as written. Every named reference of HTML is known (by the
 * `entities` package's table, in its strict mode: a name must end with `;`); unknown names stay as
 * they are.
 *
 * @example
 * decodeEntities('AT&amp;T &#x61; caf&eacute;'); // 'AT&T a café'
 */
export function decodeEntities(text: string): string {
  // The longest name HTML has is 31 characters (`CounterClockwiseContourIntegral`).
  return text.replace(/&(#\d{1,7}|#[xX][\da-fA-F]{1,6}|[a-zA-Z][a-zA-Z\d]{1,30});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      // NUL, surrogates and out-of-range numbers become U+FFFD, as HTML says.
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    // The whole reference, so that a name is decoded whole or not at all.
    return decodeHTMLStrict(whole);
  });
}

/**
 * The address a link may keep, or null: an absolute http, https or mailto URL, or a path on this
 * site (`/notes/…`, not `//elsewhere`). The scheme is read with the WHATWG URL parser, as the browser
 * reads the `href`, so white space, control characters and letter case cannot disguise it.
 *
 * @example
 * safeLinkHref('https://www.gov.uk/'); // 'https://www.gov.uk/'
 * safeLinkHref('JaVaScRiPt:alert(1)'); // null
 * safeLinkHref('/notes/abc'); // '/notes/abc'
 */
export function safeLinkHref(href: string): string | null {
  const trimmed = href.trim();
  if (trimmed === '') return null;
  if (trimmed.startsWith('/')) {
    // A path on this site; `//host` and `/\host` would leave it.
    if (/^\/[/\\]/.test(trimmed)) return null;
    const url = new URL(trimmed, SITE);
    return url.origin === SITE ? `${url.pathname}${url.search}${url.hash}` : null;
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (!(LINK_SCHEMES as readonly string[]).includes(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && url.hostname === '') return null;
  return url.href;
}

const asText = (text: string): MarkdownInline => ({ type: 'text', text });

function inlines(tokens: readonly Token[] | undefined): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  for (const token of tokens ?? []) out.push(...inline(token));
  // Neighbouring text joined, so that the tree stays small and search sees whole words.
  const merged: MarkdownInline[] = [];
  for (const node of out) {
    const last = merged.at(-1);
    if (node.type === 'text' && last?.type === 'text') merged[merged.length - 1] = asText(last.text + node.text);
    else merged.push(node);
  }
  return merged;
}

function inline(token: Token): MarkdownInline[] {
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? inlines(t.tokens) : [asText(decodeEntities(t.text))];
    }
    case 'escape':
      return [asText((token as Tokens.Escape).text)];
    case 'strong':
    case 'em':
    case 'del':
      return [{ type: token.type, children: inlines((token as Tokens.Strong).tokens) }];
    case 'codespan':
      return [{ type: 'code', text: decodeEntities((token as Tokens.Codespan).text) }];
    case 'br':
      return [{ type: 'br' }];
    case 'link': {
      const t = token as Tokens.Link;
      const children = inlines(t.tokens);
      const href = safeLinkHref(decodeEntities(t.href));
      return href === null ? children : [{ type: 'link', href, children }];
    }
    case 'image':
      // No images: the alt text stands in their place.
      return [asText(decodeEntities((token as Tokens.Image).text))];
    case 'html':
      // Raw HTML is shown as the text it was written as, never passed on.
      return [asText((token as Tokens.HTML).text)];
    default:
      return [asText(token.raw)];
  }
}

function blocks(tokens: readonly Token[]): MarkdownBlock[] {
  const out: MarkdownBlock[] = [];
  for (const token of tokens) {
    const b = block(token);
    if (b) out.push(b);
  }
  return out;
}

function block(token: Token): MarkdownBlock | null {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'paragraph':
      return { type: 'paragraph', children: inlines((token as Tokens.Paragraph).tokens) };
    case 'text': {
      const t = token as Tokens.Text;
      return { type: 'plain', children: t.tokens ? inlines(t.tokens) : [asText(decodeEntities(t.text))] };
    }
    case 'heading': {
      const t = token as Tokens.Heading;
      return {
        type: 'heading',
        level: Math.min(4, Math.max(2, t.depth + 1)) as 2 | 3 | 4,
        children: inlines(t.tokens),
      };
    }
    case 'list': {
      const t = token as Tokens.List;
      return {
        type: 'list',
        ordered: t.ordered,
        start: typeof t.start === 'number' ? t.start : 1,
        items: t.items.map((item) => blocks(item.tokens)),
      };
    }
    case 'blockquote':
      return { type: 'blockquote', children: blocks((token as Tokens.Blockquote).tokens) };
    case 'code':
      return { type: 'code', text: (token as Tokens.Code).text };
    case 'table': {
      const t = token as Tokens.Table;
      return {
        type: 'table',
        header: t.header.map((cell) => inlines(cell.tokens)),
        rows: t.rows.map((row) => row.map((cell) => inlines(cell.tokens))),
      };
    }
    case 'hr':
      return { type: 'hr' };
    case 'html':
      return { type: 'paragraph', children: [asText((token as Tokens.HTML).text)] };
    default:
      return { type: 'paragraph', children: [asText(token.raw)] };
  }
}

/**
 * Parses a note's Markdown into the safe tree.
 *
 * @example
 * parseMarkdown('Hello **you** <script>x</script>');
 * // [{ type: 'paragraph', children: [{ type: 'text', text: 'Hello ' }, { type: 'strong', children: [...] },
 * //   { type: 'text', text: ' <script>x</script>' }] }]
 */
export function parseMarkdown(source: string): MarkdownBlock[] {
  return blocks(new Lexer({ gfm: true, breaks: false }).lex(source));
}

function inlineText(nodes: readonly MarkdownInline[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'text' || n.type === 'code') return n.text;
      if (n.type === 'br') return '\n';
      return inlineText(n.children);
    })
    .join('');
}

function blockText(node: MarkdownBlock): string {
  switch (node.type) {
    case 'paragraph':
    case 'plain':
    case 'heading':
      return inlineText(node.children);
    case 'list':
      return node.items.map((item) => item.map(blockText).join('\n')).join('\n');
    case 'blockquote':
      return node.children.map(blockText).join('\n');
    case 'code':
      return node.text;
    case 'table':
      return [node.header, ...node.rows].map((row) => row.map(inlineText).join(' ')).join('\n');
    case 'hr':
      return '';
  }
}

/**
 * The plain text of a note's Markdown, block by block on their own lines (for search and excerpts).
 *
 * @example
 * markdownToText('# Why\n\nWe **cut** caseloads.'); // 'Why\nWe cut caseloads.'
 */
export function markdownToText(source: string): string {
  return parseMarkdown(source)
    .map(blockText)
    .filter((text) => text !== '')
    .join('\n');
}
