import { describe, expect, test } from 'vitest';
import {
  decodeEntities,
  type MarkdownBlock,
  type MarkdownInline,
  markdownToText,
  parseMarkdown,
  safeLinkHref,
} from './markdown.js';

/** Every link address in a tree. */
function hrefs(blocks: readonly MarkdownBlock[]): string[] {
  const fromInlines = (nodes: readonly MarkdownInline[]): string[] =>
    nodes.flatMap((n) =>
      n.type === 'link' ? [n.href, ...fromInlines(n.children)] : 'children' in n ? fromInlines(n.children) : [],
    );
  return blocks.flatMap((b) => {
    switch (b.type) {
      case 'paragraph':
      case 'plain':
      case 'heading':
        return fromInlines(b.children);
      case 'list':
        return b.items.flatMap(hrefs);
      case 'blockquote':
        return hrefs(b.children);
      case 'table':
        return [...b.header, ...b.rows.flat()].flatMap(fromInlines);
      default:
        return [];
    }
  });
}

describe('safeLinkHref', () => {
  test.each([
    ['https://www.gov.uk/guidance', 'https://www.gov.uk/guidance'],
    ['HTTP://Example.org', 'http://example.org/'],
    ['mailto:workforce@council.test', 'mailto:workforce@council.test'],
    ['/notes/abc?x=1#y', '/notes/abc?x=1#y'],
    ['  https://a.test/ ', 'https://a.test/'],
  ])('keeps %s', (href, kept) => {
    expect(safeLinkHref(href)).toBe(kept);
  });

  test.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    '//evil.test/x',
    '/\\evil.test/x',
    'notes/relative',
    '',
    'http://',
  ])('refuses %j', (href) => {
    expect(safeLinkHref(href)).toBeNull();
  });
});

describe('parseMarkdown', () => {
  test('keeps paragraphs, emphasis, lists, quotes, code, tables and safe links', () => {
    const tree = parseMarkdown(
      [
        '# Why we did it',
        '',
        'We **cut** caseloads and _coached_ ~~everyone~~ newly qualified staff. `14 cases`',
        '',
        '- one',
        '- two [guide](https://www.gov.uk/x)',
        '',
        '3. three',
        '',
        '> quoted',
        '',
        '```',
        'code <b>',
        '```',
        '',
        '| a | b |',
        '|---|---|',
        '| 1 | **2** |',
        '',
        '---',
      ].join('\n'),
    );
    expect(tree.map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'list',
      'list',
      'blockquote',
      'code',
      'table',
      'hr',
    ]);
    expect(tree[0]).toEqual({ type: 'heading', level: 2, children: [{ type: 'text', text: 'Why we did it' }] });
    expect(tree[1]).toEqual({
      type: 'paragraph',
      children: [
        { type: 'text', text: 'We ' },
        { type: 'strong', children: [{ type: 'text', text: 'cut' }] },
        { type: 'text', text: ' caseloads and ' },
        { type: 'em', children: [{ type: 'text', text: 'coached' }] },
        { type: 'text', text: ' ' },
        { type: 'del', children: [{ type: 'text', text: 'everyone' }] },
        { type: 'text', text: ' newly qualified staff. ' },
        { type: 'code', text: '14 cases' },
      ],
    });
    expect(tree[3]).toMatchObject({ type: 'list', ordered: true, start: 3 });
    expect(tree[5]).toEqual({ type: 'code', text: 'code <b>' });
    expect(hrefs(tree)).toEqual(['https://www.gov.uk/x']);
  });

  test('headings start at level 2 and stop at 4: the title is the page’s only level 1', () => {
    const levels = parseMarkdown('# a\n\n## b\n\n### c\n\n###### d').map((b) => (b.type === 'heading' ? b.level : 0));
    expect(levels).toEqual([2, 3, 4, 4]);
  });

  test('raw HTML, block or inline, becomes the text it was written as', () => {
    const tree = parseMarkdown('<script>alert(1)</script>\n\nHello <img src=x onerror=alert(1)> <b>you</b>');
    expect(tree).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Hello <img src=x onerror=alert(1)> <b>you</b>' }] },
    ]);
  });

  test('a link with an unsafe address, however disguised, keeps only its text', () => {
    const source = [
      '[a](javascript:alert(1))',
      '[b](jav&#x61;script:alert(1))',
      '[c](JAVASCRIPT:alert(1))',
      '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[e](<javascript:alert(1)>)',
      '[f](vbscript:x)',
      '<javascript:alert(1)>',
      '[g][ref]',
      '',
      '[ref]: javascript:alert(1)',
    ].join(' ');
    const tree = parseMarkdown(source);
    expect(hrefs(tree)).toEqual([]);
    expect(markdownToText(source)).toContain('a b c d e f');
  });

  test('images are not shown: their alt text stands in', () => {
    expect(parseMarkdown('![a chart](https://evil.test/x.png "t")')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'a chart' }] },
    ]);
  });

  test('character references are read as a browser reads them', () => {
    expect(decodeEntities('AT&amp;T &#x61;&#98; &lt;b&gt; &nosuch; &#0;')).toBe('AT&T ab <b> &nosuch; \ufffd');
    expect(parseMarkdown('Tom &amp; Jerry')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Tom & Jerry' }] },
    ]);
  });

  test('every named reference of HTML is decoded, not only the common ones', () => {
    expect(decodeEntities('caf&eacute; &hellip; &frac12; &Eacute;cole &rarr; &sup2; &NotNestedGreaterGreater;')).toBe(
      'café … ½ École → ² ⪢̸',
    );
    expect(decodeEntities('&CounterClockwiseContourIntegral;')).toBe('∳');
    expect(parseMarkdown('Caf&eacute; *na&iuml;ve* &ndash; `&hellip;`')).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Café ' },
          { type: 'em', children: [{ type: 'text', text: 'naïve' }] },
          { type: 'text', text: ' – ' },
          { type: 'code', text: '…' },
        ],
      },
    ]);
    expect(markdownToText('R&eacute;sum&eacute; &amp; more&hellip;')).toBe('Résumé & more…');
  });

  test('unknown names, names without their semicolon and bare ampersands are kept as written', () => {
    expect(decodeEntities('&nosuch; &eacute &notit; &ampx; & ; &; AT&T &a; &Eacute')).toBe(
      '&nosuch; &eacute &notit; &ampx; & ; &; AT&T &a; &Eacute',
    );
  });

  test('numeric references as before: decimal and hexadecimal, NUL, surrogates and out of range as U+FFFD', () => {
    expect(decodeEntities('&#233;&#xE9;&#XE9; &#128512; &#x1F600; &#39;')).toBe("ééé 😀 😀 '");
    expect(decodeEntities('&#0; &#xD800; &#x110000; &#1114112;')).toBe('\ufffd \ufffd \ufffd \ufffd');
    expect(decodeEntities('&#; &#x; &#12345678; &#x1234567;')).toBe('&#; &#x; &#12345678; &#x1234567;');
  });
});

describe('markdownToText', () => {
  test('is the words of the note, a block a line, without the markup', () => {
    expect(markdownToText('# Why\n\nWe **cut** [caseloads](https://a.test/).\n\n- one\n- two')).toBe(
      'Why\nWe cut caseloads.\none\ntwo',
    );
  });
});
