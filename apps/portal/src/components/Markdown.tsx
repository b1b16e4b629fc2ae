/**
 * A practice note's Markdown, shown with GOV.UK styles. The text is parsed into the safe tree of
 * `@csc-workforce/schemas` (raw HTML kept as text, links only to http, https, mailto or this site,
 * no images) and every node becomes a React element: nothing is ever set as HTML, so no text a note
 * holds can become markup or script.
 */
import { type MarkdownBlock, type MarkdownInline, parseMarkdown } from '@csc-workforce/schemas';
import { Fragment, type ReactNode, useMemo } from 'react';

/** The nodes of a list, each with its position as its key: the tree is rebuilt whole from its text. */
function each<T>(items: readonly T[], render: (item: T) => ReactNode): ReactNode[] {
  // biome-ignore lint/suspicious/noArrayIndexKey: the tree is derived from the text as a whole; a position is an identity
  return items.map((item, i) => <Fragment key={i}>{render(item)}</Fragment>);
}

function Inline({ node }: { readonly node: MarkdownInline }): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'strong':
      return (
        <strong>
          {each(node.children, (n) => (
            <Inline node={n} />
          ))}
        </strong>
      );
    case 'em':
      return (
        <em>
          {each(node.children, (n) => (
            <Inline node={n} />
          ))}
        </em>
      );
    case 'del':
      return (
        <del>
          {each(node.children, (n) => (
            <Inline node={n} />
          ))}
        </del>
      );
    case 'code':
      return <code className="app-code">{node.text}</code>;
    case 'br':
      return <br />;
    case 'link':
      return (
        <a className="govuk-link" href={node.href} rel="noopener noreferrer">
          {each(node.children, (n) => (
            <Inline node={n} />
          ))}
        </a>
      );
  }
}

const inlines = (nodes: readonly MarkdownInline[]) => each(nodes, (n) => <Inline node={n} />);

/**
 * How many levels the note's headings move: its highest heading becomes `topLevel`, so that its
 * outline starts right under the heading of the page (or section) it is shown in, whatever level the
 * author started at (a note starting with "## What we did" shows it as an h2 under the note's title).
 */
function headingShift(tree: readonly MarkdownBlock[], topLevel: HeadingLevel): number {
  let highest = Number.POSITIVE_INFINITY;
  const visit = (nodes: readonly MarkdownBlock[]) => {
    for (const node of nodes) {
      if (node.type === 'heading') highest = Math.min(highest, node.level);
      else if (node.type === 'blockquote') visit(node.children);
      else if (node.type === 'list') for (const item of node.items) visit(item);
    }
  };
  visit(tree);
  return Number.isFinite(highest) ? topLevel - highest : 0;
}

type HeadingLevel = 2 | 3 | 4;

const HEADING_CLASS = { 2: 'govuk-heading-m', 3: 'govuk-heading-s', 4: 'govuk-heading-s', 5: 'govuk-heading-s' };

function Heading({ level, children }: { readonly level: number; readonly children: ReactNode }) {
  const clamped = Math.min(5, Math.max(2, level)) as 2 | 3 | 4 | 5;
  const Tag = `h${clamped}` as const;
  return <Tag className={HEADING_CLASS[clamped]}>{children}</Tag>;
}

function Block({ node, shift }: { readonly node: MarkdownBlock; readonly shift: number }): ReactNode {
  switch (node.type) {
    case 'paragraph':
      return <p className="govuk-body">{inlines(node.children)}</p>;
    case 'plain':
      return inlines(node.children);
    case 'heading':
      return <Heading level={node.level + shift}>{inlines(node.children)}</Heading>;
    case 'list': {
      const items = each(node.items, (item) => <li>{blocks(item, shift)}</li>);
      return node.ordered ? (
        <ol className="govuk-list govuk-list--number" start={node.start}>
          {items}
        </ol>
      ) : (
        <ul className="govuk-list govuk-list--bullet">{items}</ul>
      );
    }
    case 'blockquote':
      return <blockquote className="govuk-inset-text">{blocks(node.children, shift)}</blockquote>;
    case 'code':
      return (
        <pre className="app-code-block">
          <code>{node.text}</code>
        </pre>
      );
    case 'table':
      return (
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {each(node.header, (cell) => (
                <th scope="col" className="govuk-table__header">
                  {inlines(cell)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {each(node.rows, (row) => (
              <tr className="govuk-table__row">
                {each(row, (cell) => (
                  <td className="govuk-table__cell">{inlines(cell)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'hr':
      return <hr className="govuk-section-break govuk-section-break--m govuk-section-break--visible" />;
  }
}

const blocks = (nodes: readonly MarkdownBlock[], shift: number) => each(nodes, (n) => <Block node={n} shift={shift} />);

/**
 * A note's body: its Markdown as GOV.UK-styled elements, its highest heading at `topLevel` (2 on the
 * note's page, under its title; 3 inside a section headed at level 2).
 */
export function Markdown({ source, topLevel }: { readonly source: string; readonly topLevel: HeadingLevel }) {
  const tree = useMemo(() => parseMarkdown(source), [source]);
  return <div className="app-markdown">{blocks(tree, headingShift(tree, topLevel))}</div>;
}
