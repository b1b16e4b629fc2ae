import {
  COMMENT_MAX_LENGTH,
  canSubmit,
  fieldsInGroup,
  type Issue,
  RETURN_GROUPS,
  type ReturnField,
  type ReturnFieldName,
  type ReturnFigures,
  type ReturnRecord,
  type ReturnStatus,
  validateReturn,
} from '@csc-workforce/schemas';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { ApiProblem, isProblem, PROBLEM } from '../api/client';
import { useSaveReturn, useSubmitReturn } from '../api/mutations';
import { returnQuery } from '../api/queries';
import {
  blocksSaving,
  type FormValues,
  fieldOfProblemError,
  figuresToSend,
  firstIssueByField,
  isDirty,
  valuesFromFigures,
  visibleIssues,
} from '../lib/form';
import { formatDateTime, plural } from '../lib/text';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { usePageTitle } from '../lib/usePageTitle';
import { CheckReturnAnswers } from './CheckReturnAnswers';
import { ErrorSummary, type ErrorSummaryItem, focusTarget } from './ErrorSummary';
import { Fieldset, TextareaField, TextField } from './FormFields';
import { NotificationBanner } from './NotificationBanner';
import { PreviousFigure } from './PreviousFigure';
import { WarningText } from './WarningText';

interface ReturnFormProps {
  readonly authority: string;
  readonly period: string;
  readonly periodLabel: string;
  /** The return as loaded, or null for a return not started (version 0). */
  readonly initial: ReturnRecord | null;
  /**
   * The previous quarter's return: shown beside each figure and on the check-answers page, and used
   * by the rules that compare with it (W001, W002).
   */
  readonly previous: { readonly period: string; readonly figures: ReturnFigures } | null;
  /** The label of the previous quarter, such as "2024-25 Q1". */
  readonly previousLabel?: string | undefined;
  /** The authority's name, for the check-answers page's caption. */
  readonly authorityName?: string | undefined;
  /** The page's heading and status, shown below the error summary (which GOV.UK puts first). */
  readonly header: ReactNode;
}

/** What the user last tried: decides which errors the summary lists. */
type Attempt = 'none' | 'save' | 'submit';

/** The step the user is at: the form, or "Check your answers" before submitting. */
type Step = 'form' | 'check';

interface Outcome {
  readonly kind: 'saved' | 'submitted' | 'reloaded';
  readonly version: number;
  readonly by?: string | null;
  readonly at?: string;
}

function widthOf(field: ReturnField): 5 | 10 {
  return field.kind === 'headcount' ? 5 : 10;
}

/** The hint without a leading "Optional.", which the label says already. */
function hintOf(field: ReturnField): string {
  return field.hint.replace(/^Optional\.\s*/, '');
}

function OutcomeBanner({ outcome, periodLabel, period }: { outcome: Outcome; periodLabel: string; period: string }) {
  if (outcome.kind === 'submitted') {
    return (
      <NotificationBanner type="success" heading="Return submitted" focusKey={`${outcome.kind}${outcome.version}`}>
        <p className="govuk-body">
          Your return for {periodLabel} has been sent to your regional lead.{' '}
          <Link to="/returns/$period/history" params={{ period }} className="govuk-notification-banner__link">
            See its history
          </Link>
          .
        </p>
      </NotificationBanner>
    );
  }
  if (outcome.kind === 'reloaded') {
    return (
      <NotificationBanner heading={`You are looking at version ${outcome.version}, the latest`}>
        <p className="govuk-body">
          {outcome.by ? `${outcome.by} saved it` : 'It was saved'}
          {outcome.at ? ` on ${formatDateTime(outcome.at)}` : ''}. Check the figures and make your changes again.
        </p>
      </NotificationBanner>
    );
  }
  return (
    <NotificationBanner
      type="success"
      heading="Your draft has been saved"
      focusKey={`${outcome.kind}${outcome.version}`}
    >
      <p className="govuk-body">It is version {outcome.version}. Submit the return when it is complete.</p>
    </NotificationBanner>
  );
}

function ProblemSummary({
  problem,
  focusKey,
  onReload,
}: {
  problem: ApiProblem;
  focusKey: number;
  onReload: () => void;
}) {
  if (problem.type === PROBLEM.conflict) {
    return (
      <ErrorSummary title="Someone else has saved this return" focusKey={focusKey}>
        <p className="govuk-body">
          {problem.detail ?? 'A newer version of this return has been saved since you opened it.'} Your changes have not
          been saved, and nothing was overwritten.
        </p>
        <p className="govuk-body">
          Reload the latest version, check it, then make your changes again. Reloading replaces what you have typed
          here.
        </p>
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          onClick={onReload}
        >
          Reload the latest version
        </button>
      </ErrorSummary>
    );
  }
  const items: ErrorSummaryItem[] = problem.errors.map((error) => {
    const field = fieldOfProblemError(error.field);
    return field ? { text: error.message, href: `#${field}` } : { text: error.message };
  });
  return (
    <ErrorSummary
      title={problem.type === PROBLEM.periodClosed ? 'This collection period is closed' : problem.title}
      description={problem.detail}
      items={items}
      focusKey={focusKey}
    />
  );
}

function WarningsPanel({ warnings }: { readonly warnings: readonly Issue[] }) {
  return (
    <div className="govuk-!-margin-bottom-6">
      <WarningText>
        {warnings.length === 1
          ? 'One figure needs checking. If it is right, explain it in the comment.'
          : `${warnings.length} figures need checking. If they are right, explain them in the comment.`}
      </WarningText>
      <ul className="govuk-list govuk-list--bullet">
        {warnings.map((warning) => (
          <li key={`${warning.code}${warning.field}`}>
            <a
              href={`#${warning.field}`}
              className="govuk-link"
              onClick={(event) => focusTarget(event, `#${warning.field}`)}
            >
              {warning.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The return form: the figures in the fieldsets of DESIGN section 4, checked by the shared rules as the
 * user types; save a draft, or submit. A save based on an old version is refused by the API (409),
 * and the form says so: nothing is overwritten.
 */
export function ReturnForm({
  authority,
  period,
  periodLabel,
  initial,
  previous: previousReturn,
  previousLabel,
  authorityName,
  header,
}: ReturnFormProps) {
  const previous = previousReturn?.figures;
  const queryClient = useQueryClient();
  const save = useSaveReturn();
  const submit = useSubmitReturn();
  const [version, setVersion] = useState(initial?.version ?? 0);
  const [status, setStatus] = useState<ReturnStatus | undefined>(initial?.status);
  const [saved, setSaved] = useState<FormValues>(() => valuesFromFigures(initial?.figures));
  const [values, setValues] = useState<FormValues>(saved);
  const [attempt, setAttempt] = useState<Attempt>('none');
  const [attempts, setAttempts] = useState(0);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const busy = useRef(false);
  const [step, setStep] = useState<Step>('form');
  const [declared, setDeclared] = useState(false);
  const [declarationMissing, setDeclarationMissing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  /** The field to focus once the form is shown again (a "Change" link of the check-answers page). */
  const [focusField, setFocusField] = useState<string | null>(null);
  useEffect(() => {
    if (step !== 'form' || !focusField) return;
    const element = document.getElementById(focusField);
    element?.scrollIntoView({ block: 'center' });
    element?.focus();
    setFocusField(null);
  }, [step, focusField]);

  const validate = (input: FormValues) => validateReturn(input, { stage: 'submit', previous, period });
  const settled = useDebouncedValue(values, 200);
  // biome-ignore lint/correctness/useExhaustiveDependencies: validate reads only previous and period.
  const validation = useMemo(() => validate(settled), [settled, previous, period]);

  const shownErrors = visibleIssues(validation.errors, attempt === 'submit');
  const errorByField = firstIssueByField(shownErrors);
  const warningByField = firstIssueByField(validation.warnings);
  const summaryErrors =
    attempt === 'submit' ? validation.errors : attempt === 'save' ? validation.errors.filter(blocksSaving) : [];
  const dirty = isDirty(values, saved);
  const canStillSubmit = dirty || version === 0 || status === 'draft' || status === 'returned';
  const hasSummary = problem !== null || summaryErrors.length > 0;
  usePageTitle(step === 'check' ? `Check your answers: return for ${periodLabel}` : `Return for ${periodLabel}`, {
    error: step === 'check' ? declarationMissing : hasSummary,
  });

  const onChange = (id: string, value: string) => {
    setValues((current) => ({ ...current, [id as ReturnFieldName]: value }));
  };

  const fail = (error: unknown) => {
    setProblem(
      error instanceof ApiProblem
        ? error
        : new ApiProblem({ type: 'about:blank', title: 'Something went wrong', status: 0, detail: String(error) }),
    );
    setOutcome(null);
    setAttempts((n) => n + 1);
  };

  /** Takes in what the API stored; the typed values are replaced only if the user has not typed since. */
  const apply = (record: ReturnRecord, sent: FormValues) => {
    const stored = valuesFromFigures(record.figures);
    setVersion(record.version);
    setStatus(record.status);
    setSaved(stored);
    setValues((current) => (current === sent ? stored : current));
  };

  const persist = async (sent: FormValues): Promise<ReturnRecord | null> => {
    try {
      const record = await save.mutateAsync({
        authority,
        period,
        version,
        figures: figuresToSend(validate(sent).figures),
      });
      apply(record, sent);
      return record;
    } catch (error) {
      fail(error);
      return null;
    }
  };

  const run = async (action: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    try {
      await action();
    } finally {
      busy.current = false;
    }
  };

  const onSave = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const sent = values;
      const blocking = validate(sent).errors.filter(blocksSaving);
      setProblem(null);
      if (blocking.length > 0) {
        setAttempt('save');
        setOutcome(null);
        setAttempts((n) => n + 1);
        return;
      }
      setAttempt('none');
      const record = await persist(sent);
      if (record) setOutcome({ kind: 'saved', version: record.version });
    });
  };

  const onSubmit = () => {
    void run(async () => {
      const sent = values;
      const result = validate(sent);
      setProblem(null);
      if (!canSubmit(result, sent.comment)) {
        setAttempt('submit');
        setOutcome(null);
        setAttempts((n) => n + 1);
        return;
      }
      setAttempt('none');
      if (isDirty(sent, saved) || version === 0) {
        const record = await persist(sent);
        if (!record) return;
      }
      // Saved: check the answers and make the declaration before the submission.
      setOutcome(null);
      setDeclared(false);
      setDeclarationMissing(false);
      setStep('check');
      window.scrollTo(0, 0);
    });
  };

  const onConfirm = () => {
    void run(async () => {
      if (!declared) {
        setDeclarationMissing(true);
        setAttempts((n) => n + 1);
        return;
      }
      setDeclarationMissing(false);
      setSubmitting(true);
      try {
        const record = await submit.mutateAsync({ authority, period, version, declaration: true });
        apply(record, values);
        setOutcome({ kind: 'submitted', version: record.version });
      } catch (error) {
        if (isProblem(error, PROBLEM.submission)) setAttempt('submit');
        fail(error);
      } finally {
        setSubmitting(false);
        setStep('form');
        window.scrollTo(0, 0);
      }
    });
  };

  const onChangeAnswer = (field: string) => {
    setDeclarationMissing(false);
    setFocusField(field);
    setStep('form');
  };

  const onReload = () => {
    void run(async () => {
      try {
        const fresh = await queryClient.fetchQuery({ ...returnQuery(authority, period), staleTime: 0 });
        const stored = valuesFromFigures(fresh?.figures);
        setVersion(fresh?.version ?? 0);
        setStatus(fresh?.status);
        setSaved(stored);
        setValues(stored);
        setProblem(null);
        setAttempt('none');
        setOutcome({
          kind: 'reloaded',
          version: fresh?.version ?? 0,
          // Who saved the figures shown (a lead's decision since changed none).
          by: fresh?.savedByName ?? null,
          ...(fresh ? { at: fresh.savedAt } : {}),
        });
      } catch (error) {
        fail(error);
      }
    });
  };

  const serverErrorByField = new Map<string, string>();
  for (const error of problem?.errors ?? []) {
    const field = fieldOfProblemError(error.field);
    if (field && !serverErrorByField.has(field)) serverErrorByField.set(field, error.message);
  }
  const commentRequired = validation.warnings.length > 0;
  const errorFor = (field: string) => errorByField.get(field)?.message ?? serverErrorByField.get(field);

  if (step === 'check') {
    return (
      <CheckReturnAnswers
        authorityName={authorityName}
        periodLabel={periodLabel}
        previousLabel={previousLabel ? `${previousLabel} (last quarter)` : undefined}
        values={values}
        previous={previousReturn}
        warnings={validation.warnings}
        declared={declared}
        onDeclare={setDeclared}
        declarationMissing={declarationMissing}
        focusKey={attempts}
        onChange={onChangeAnswer}
        onSubmit={onConfirm}
        busy={submitting}
      />
    );
  }

  return (
    <>
      {problem ? (
        <ProblemSummary problem={problem} focusKey={attempts} onReload={onReload} />
      ) : summaryErrors.length > 0 ? (
        <ErrorSummary
          focusKey={attempts}
          description={
            attempt === 'submit'
              ? `The return cannot be submitted until ${plural(summaryErrors.length, 'error is', 'errors are')} corrected.`
              : `The draft cannot be saved until ${plural(summaryErrors.length, 'figure is', 'figures are')} corrected.`
          }
          items={summaryErrors.map((issue) => ({ text: issue.message, href: `#${issue.field}` }))}
        />
      ) : null}
      {outcome && !hasSummary ? <OutcomeBanner outcome={outcome} periodLabel={periodLabel} period={period} /> : null}
      {header}
      <form noValidate onSubmit={onSave} aria-label={`Return for ${periodLabel}`}>
        {RETURN_GROUPS.map((group) => (
          <Fieldset key={group.id} legend={group.title} size="m" heading="h2" formGroup="govuk-!-margin-bottom-8">
            {fieldsInGroup(group.id).map((field) => (
              <TextField
                key={field.name}
                id={field.name}
                label={`${field.label}${field.required ? '' : ' (optional)'}`}
                size="body"
                hint={hintOf(field)}
                // Not type=number, which mangles what people type.
                inputMode="decimal"
                spellCheck={false}
                autoComplete="off"
                width={`govuk-input--width-${widthOf(field)}`}
                {...(field.kind === 'money' ? { prefix: '£' } : {})}
                value={values[field.name]}
                onChange={(value) => onChange(field.name, value)}
                error={errorFor(field.name)}
                warning={warningByField.get(field.name)?.message}
                {...(previousReturn
                  ? {
                      afterId: `${field.name}-previous`,
                      after: (
                        <PreviousFigure
                          id={`${field.name}-previous`}
                          previous={previousReturn}
                          field={field.name}
                          kind={field.kind}
                          value={values[field.name]}
                        />
                      ),
                    }
                  : {})}
              />
            ))}
          </Fieldset>
        ))}
        {validation.warnings.length > 0 ? <WarningsPanel warnings={validation.warnings} /> : null}
        <TextareaField
          id="comment"
          label={`Comment${commentRequired ? '' : ' (optional)'}`}
          size="m"
          heading="h2"
          hint={
            commentRequired
              ? 'The figures have warnings. If they are right, explain why here: the return cannot be submitted without it.'
              : 'Anything the regional lead should know about these figures. Needed to submit a return that has warnings.'
          }
          characterCount={COMMENT_MAX_LENGTH}
          value={values.comment}
          onChange={(value) => onChange('comment', value)}
          error={errorFor('comment')}
        />
        <div className="govuk-button-group">
          {canStillSubmit ? (
            <button type="button" className="govuk-button" onClick={onSubmit}>
              Check and submit
            </button>
          ) : null}
          <button type="submit" className={`govuk-button${canStillSubmit ? ' govuk-button--secondary' : ''}`}>
            Save draft
          </button>
        </div>
      </form>
    </>
  );
}
