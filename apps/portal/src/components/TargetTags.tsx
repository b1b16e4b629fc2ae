/**
 * Where a value stands against its target as GOV.UK tags, "Met", "Not met", "No value yet", and
 * "Overdue" beside them once the quarter it was for has passed: each says it in words, the colour
 * only repeats it.
 */
import type { MetricInfo, TargetProgress } from '@csc-workforce/schemas';
import { TARGET_STATUS_LABELS, targetGapText, targetText } from '../lib/targets';

const COLOURS: Readonly<Record<TargetProgress['status'], string>> = {
  met: 'govuk-tag--green',
  'not-met': 'govuk-tag--orange',
  'no-value': 'govuk-tag--grey',
};

export function TargetTags({ progress }: { readonly progress: Pick<TargetProgress, 'status' | 'overdue'> }) {
  return (
    <>
      <strong className={`govuk-tag ${COLOURS[progress.status]}`}>{TARGET_STATUS_LABELS[progress.status]}</strong>
      {progress.overdue ? (
        <>
          {' '}
          <strong className="govuk-tag govuk-tag--red">Overdue</strong>
        </>
      ) : null}
    </>
  );
}

/** A table cell of a target: its value and quarter, the tags, and the gap in words; "None" without one. */
export function TargetCell({
  metric,
  target,
}: {
  readonly metric: Pick<MetricInfo, 'id' | 'unit'>;
  readonly target: TargetProgress | null;
}) {
  if (!target) return <>None</>;
  return (
    <>
      <span className="app-block">{targetText(metric.id, target)}</span>
      <TargetTags progress={target} />
      {target.status === 'no-value' ? null : (
        <span className="app-block govuk-body-s govuk-!-margin-bottom-0">{targetGapText(metric, target)}</span>
      )}
    </>
  );
}

/** Where an authority stands against its target, in a few words for a crowded table: "met", "not met, overdue". */
export function targetStatusShort(target: Pick<TargetProgress, 'status' | 'overdue'>): string {
  const words = { met: 'met', 'not-met': 'not met', 'no-value': 'no value' }[target.status];
  return target.overdue ? `${words}, overdue` : words;
}
