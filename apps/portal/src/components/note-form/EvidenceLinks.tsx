/**
 * The note's evidence: the metrics that show whether it worked, each over a range of quarters (or to
 * the latest), added and removed one by one.
 */
import { METRIC_IDS, METRICS } from '@csc-workforce/metrics-core';
import { NOTE_LIMITS, type ProblemError } from '@csc-workforce/schemas';
import { ErrorMessage, Fieldset, type Option, SelectField } from '../FormFields';
import { errorOf, fieldId, type LinkDraft, listErrorOf } from './draft';
import type { NoteDraft } from './useNoteDraft';

const METRIC_OPTIONS: readonly Option[] = METRIC_IDS.map((m) => ({ value: m, label: METRICS[m].label }));

interface EvidenceLinksProps {
  readonly links: readonly LinkDraft[];
  readonly edit: Pick<NoteDraft, 'addLink' | 'changeLink' | 'removeLink'>;
  /** The quarters a link may run from and to, oldest first. */
  readonly periods: readonly Option[];
  readonly errors: readonly ProblemError[];
}

export function EvidenceLinks({ links, edit, periods, errors }: EvidenceLinksProps) {
  /** A select of a linked metric, named (and its error found) by its path in the content, `metrics.0.from`. */
  const select = (
    link: LinkDraft,
    index: number,
    part: 'metric' | 'from' | 'to',
    label: string,
    options: readonly Option[],
  ) => (
    <SelectField
      id={fieldId(`metrics.${index}.${part}`)}
      label={label}
      value={link[part]}
      options={options}
      error={errorOf(errors, `metrics.${index}.${part}`)}
      onChange={(chosen) => edit.changeLink(link.key, { [part]: chosen })}
    />
  );
  const listError = listErrorOf(errors, 'metrics');
  return (
    <>
      <h2 className="govuk-heading-m">Evidence</h2>
      <p className="govuk-body">
        Link the metrics that show whether it worked. Publishing the note shows your authority's figures for them,
        named, against your region and England, worked out from your returns as new quarters arrive.
      </p>
      {links.map((link, index) => (
        <Fieldset key={link.key} legend={`Linked metric ${index + 1}`} className="app-metric-link">
          {select(link, index, 'metric', 'Metric', METRIC_OPTIONS)}
          {select(link, index, 'from', 'From', periods)}
          {select(link, index, 'to', 'To', [{ value: '', label: 'The latest quarter compared' }, ...periods])}
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => edit.removeLink(link.key)}
          >
            Remove<span className="govuk-visually-hidden"> linked metric {index + 1}</span>
          </button>
        </Fieldset>
      ))}
      <ErrorMessage id="metrics" error={listError} />
      {links.length < NOTE_LIMITS.metrics ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => edit.addLink(periods[0]?.value ?? '')}
        >
          Link a metric
        </button>
      ) : null}
    </>
  );
}
