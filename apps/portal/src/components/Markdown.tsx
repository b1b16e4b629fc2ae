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

function Block({ node }: { readonly node: MarkdownBlock }): ReactNode {
  switch (node.type) {
    case 'paragraph':
      return <p className="govuk-body">{inlines(node.children)}</p>;
    case 'plain':
      return inlines(node.children);
    case 'heading':
      if (node.level === 2) return <h2 className="govuk-heading-m">{inlines(node.children)}</h2>;
      if (node.level === 3) return <h3 className="govuk-heading-s">{inlines(node.children)}</h3>;
      return <h4 className="govuk-heading-s">{inlines(node.children)}</h4>;
    case 'list': {
      const items = each(node.items, (item) => <li>{blocks(item)}</li>);
      return node.ordered ? (
        <ol className="govuk-list govuk-list--number" start={node.start}>
          {items}
        </ol>
      ) : (
        <ul className="govuk-list govuk-list--bullet">{items}</ul>
      );
    }
    case 'blockquote':
      return <blockquote className="govuk-inset-text">{blocks(node.children)}</blockquote>;
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

const blocks = (nodes: readonly MarkdownBlock[]) => each(nodes, (n) => <Block node={n} />);

/** A note's body: its Markdown as GOV.UK-styled elements. */
export function Markdown({ source }: { readonly source: string }) {
  const tree = useMemo(() => parseMarkdown(source), [source]);
  return <div className="app-markdown">{blocks(tree)}</div>;
}
