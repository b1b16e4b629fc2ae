import { type FieldKind, fieldsInGroup, RETURN_GROUPS, type ReturnFigures } from '@csc-workforce/schemas';

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const MONEY = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 2 });

/** A stored figure for people: "1,234", "243.1", "£12,000", or "Not given". */
export function formatFigure(value: number | null | undefined, kind: FieldKind): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'Not given';
  return kind === 'money' ? MONEY.format(value) : NUMBER.format(value);
}

/** A return's figures, read only: a GOV.UK summary list per fieldset of the form, then the comment. */
export function FiguresSummary({ figures }: { readonly figures: ReturnFigures }) {
  return (
    <>
      {RETURN_GROUPS.map((group) => (
        <section key={group.id} aria-labelledby={`summary-${group.id}`}>
          <h2 className="govuk-heading-m" id={`summary-${group.id}`}>
            {group.title}
          </h2>
          <dl className="govuk-summary-list">
            {fieldsInGroup(group.id).map((field) => (
              <div className="govuk-summary-list__row" key={field.name}>
                <dt className="govuk-summary-list__key">{field.label}</dt>
                <dd className="govuk-summary-list__value">{formatFigure(figures[field.name], field.kind)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <h2 className="govuk-heading-m">Comment</h2>
      <p className="govuk-body app-break-words app-pre-wrap">
        {figures.comment?.trim() ? figures.comment : 'No comment.'}
      </p>
    </>
  );
}
