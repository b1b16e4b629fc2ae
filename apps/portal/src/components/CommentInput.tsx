import { COMMENT_MAX_LENGTH } from '@csc-workforce/schemas';
import { useDebouncedValue } from '../lib/useDebouncedValue';

interface CommentInputProps {
  readonly value: string;
  readonly onChange: (id: 'comment', value: string) => void;
  readonly error?: string | undefined;
  readonly required: boolean;
}

/** The return's comment: a GOV.UK textarea with its hint, inline error and characters left. */
export function CommentInput({ value, onChange, error, required }: CommentInputProps) {
  const left = COMMENT_MAX_LENGTH - value.trim().length;
  const count =
    left < 0
      ? `You have ${(-left).toLocaleString('en-GB')} characters too many`
      : `You have ${left.toLocaleString('en-GB')} characters remaining`;
  const announced = useDebouncedValue(count, 1000);
  const describedBy = ['comment-hint', error ? 'comment-error' : undefined, 'comment-count'].filter(Boolean).join(' ');
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <h2 className="govuk-label-wrapper">
        <label className="govuk-label govuk-label--m" htmlFor="comment">
          Comment{required ? '' : ' (optional)'}
        </label>
      </h2>
      <div id="comment-hint" className="govuk-hint">
        {required
          ? 'The figures have warnings. If they are right, explain why here: the return cannot be submitted without it.'
          : 'Anything the regional lead should know about these figures. Needed to submit a return that has warnings.'}
      </div>
      {error ? (
        <p id="comment-error" className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <textarea
        className={`govuk-textarea${error || left < 0 ? ' govuk-textarea--error' : ''}`}
        id="comment"
        name="comment"
        rows={5}
        value={value}
        aria-describedby={describedBy}
        onChange={(event) => onChange('comment', event.target.value)}
      />
      <div id="comment-count" className={left < 0 ? 'govuk-error-message' : 'govuk-hint'}>
        {count}
      </div>
      {/* As GOV.UK's character count: screen readers hear the count once typing pauses, not at every key. */}
      <div className="govuk-visually-hidden" aria-live="polite">
        {announced}
      </div>
    </div>
  );
}
