import {
  DECLARATION_MISSING,
  fieldsInGroup,
  type Issue,
  RETURN_DECLARATION,
  RETURN_GROUPS,
} from '@csc-workforce/schemas';
import type { MouseEvent } from 'react';
import type { FormValues } from '../lib/form';
import { ErrorSummary } from './ErrorSummary';
import { formatFigure } from './FiguresSummary';
import { ErrorMessage } from './FormFields';
import { changeText, type PreviousReturn, previousValue, typedNumber } from './PreviousFigure';
import { WarningText } from './WarningText';

interface CheckReturnAnswersProps {
  readonly authorityName: string | undefined;
  readonly periodLabel: string;
  readonly previousLabel: string | undefined;
  readonly values: FormValues;
  readonly previous: PreviousReturn | null;
  readonly warnings: readonly Issue[];
  readonly declared: boolean;
  readonly onDeclare: (declared: boolean) => void;
  /** Shown when the user tried to submit without the declaration. */
  readonly declarationMissing: boolean;
  readonly focusKey: number;
  /** Back to the form, at a field. */
  readonly onChange: (field: string) => void;
  readonly onSubmit: () => void;
  readonly busy: boolean;
}

function ChangeLink({ field, label, onChange }: { field: string; label: string; onChange: (field: string) => void }) {
  return (
    <a
      href={`#${field}`}
      className="govuk-link"
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        event.preventDefault();
        onChange(field);
      }}
    >
      Change<span className="govuk-visually-hidden"> {label.toLowerCase()}</span>
    </a>
  );
}

/**
 * GOV.UK's "Check your answers" before a return is submitted: every figure with last quarter's beside
 * it, a change link back to each field, the warnings and the comment, and the declaration that must be
 * ticked to submit (recorded with the submission).
 */
export function CheckReturnAnswers({
  authorityName,
  periodLabel,
  previousLabel,
  values,
  previous,
  warnings,
  declared,
  onDeclare,
  declarationMissing,
  focusKey,
  onChange,
  onSubmit,
  busy,
}: CheckReturnAnswersProps) {
  return (
    <>
      {declarationMissing ? (
        <ErrorSummary focusKey={focusKey} items={[{ text: DECLARATION_MISSING, href: '#declaration' }]} />
      ) : null}
      <span className="govuk-caption-l">
        {authorityName ? `${authorityName}: ` : ''}return for {periodLabel}
      </span>
      <h1 className="govuk-heading-l">Check your answers before submitting your return</h1>
      {RETURN_GROUPS.map((group) => (
        <section key={group.id} aria-labelledby={`check-${group.id}`}>
          <h2 className="govuk-heading-m" id={`check-${group.id}`}>
            {group.title}
          </h2>
          <dl className="govuk-summary-list govuk-!-margin-bottom-8">
            {fieldsInGroup(group.id).map((field) => {
              const now = typedNumber(values[field.name]);
              const before = previousValue(previous, field.name);
              const change = changeText(now, before, field.kind);
              return (
                <div className="govuk-summary-list__row" key={field.name} data-field={field.name}>
                  <dt className="govuk-summary-list__key">{field.label}</dt>
                  <dd className="govuk-summary-list__value">
                    {formatFigure(now, field.kind)}
                    {previous ? (
                      <span className="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0 app-block">
                        {previousLabel ?? 'Last quarter'}:{' '}
                        {before === null ? 'not given' : formatFigure(before, field.kind)}
                        {change ? ` — ${change}` : ''}
                      </span>
                    ) : null}
                  </dd>
                  <dd className="govuk-summary-list__actions">
                    <ChangeLink field={field.name} label={field.label} onChange={onChange} />
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
      <h2 className="govuk-heading-m">Warnings and comment</h2>
      {warnings.length > 0 ? (
        <>
          <WarningText>
            {warnings.length === 1 ? 'One figure needs checking:' : `${warnings.length} figures need checking:`}
          </WarningText>
          <ul className="govuk-list govuk-list--bullet" data-testid="check-warnings">
            {warnings.map((warning) => (
              <li key={`${warning.code}${warning.field}`}>{warning.message}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="govuk-body">The figures have no warnings.</p>
      )}
      <dl className="govuk-summary-list govuk-!-margin-bottom-8">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Comment</dt>
          <dd className="govuk-summary-list__value app-break-words app-pre-wrap">
            {values.comment.trim() ? values.comment : 'No comment.'}
          </dd>
          <dd className="govuk-summary-list__actions">
            <ChangeLink field="comment" label="Comment" onChange={onChange} />
          </dd>
        </div>
      </dl>
      <h2 className="govuk-heading-m">Now submit your return</h2>
      <p className="govuk-body">Your return will be sent to your regional lead, who will accept it or send it back.</p>
      <div className={`govuk-form-group${declarationMissing ? ' govuk-form-group--error' : ''}`}>
        <ErrorMessage id="declaration-error" error={declarationMissing ? DECLARATION_MISSING : undefined} />
        <div className="govuk-checkboxes" data-module="govuk-checkboxes">
          <div className="govuk-checkboxes__item">
            <input
              className="govuk-checkboxes__input"
              id="declaration"
              name="declaration"
              type="checkbox"
              checked={declared}
              onChange={(event) => onDeclare(event.target.checked)}
              aria-describedby={declarationMissing ? 'declaration-error' : undefined}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="declaration">
              {RETURN_DECLARATION}
            </label>
          </div>
        </div>
      </div>
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" onClick={onSubmit} disabled={busy} aria-disabled={busy}>
          Submit return
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => onChange('permanentHeadcount')}
        >
          Back to the form
        </button>
      </div>
    </>
  );
}
