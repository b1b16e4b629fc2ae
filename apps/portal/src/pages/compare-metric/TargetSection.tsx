/**
 * The authority's target for the metric on its metric page: the value and the quarter to reach it by,
 * where the quarter viewed stands against it (in words and a tag), the note, and who set it; for a
 * submitter, the form to set, change or remove it.
 */
import type { MetricInfo, TargetProgress } from '@csc-workforce/schemas';
import { useQuery } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { useRemoveTarget } from '../../api/mutations';
import { targetsQuery } from '../../api/queries';
import { ErrorSummary } from '../../components/ErrorSummary';
import { NotificationBanner } from '../../components/NotificationBanner';
import { SummaryList } from '../../components/SummaryList';
import { TargetTags } from '../../components/TargetTags';
import { problemByField } from '../../lib/admin-form';
import { targetGapText, targetText } from '../../lib/targets';
import { formatDate } from '../../lib/text';

const TargetForm = lazy(() => import('./TargetForm').then((m) => ({ default: m.TargetForm })));

type Done = { readonly heading: string; readonly key: number };

/** The target, where the quarter viewed stands against it, its note, and who set it when. */
function TargetSummary({
  authority,
  metric,
  periodLabel,
  target,
}: {
  readonly authority: string;
  readonly metric: MetricInfo;
  readonly periodLabel: string;
  readonly target: TargetProgress;
}) {
  const set = useQuery(targetsQuery(authority)).data?.find((t) => t.metric === metric.id);
  const rows: [string, ReactNode][] = [
    ['Target', targetText(metric.id, target)],
    [
      `In ${periodLabel}`,
      <>
        <TargetTags progress={target} /> <span className="app-block">{targetGapText(metric, target)}</span>
        {target.overdue ? (
          <span className="app-block">{target.byLabel}, the quarter it was for, has passed.</span>
        ) : null}
      </>,
    ],
  ];
  if (target.note) rows.push(['Note', target.note]);
  if (set) rows.push(['Set', `${formatDate(set.setAt)}${set.setByName ? ` by ${set.setByName}` : ''}`]);
  return <SummaryList rows={rows} valueClassName="app-break-words" />;
}

/** "Remove the target?", asked once more before it goes. */
function ConfirmRemove({
  authority,
  metric,
  target,
  onDone,
  onCancel,
}: {
  readonly authority: string;
  readonly metric: MetricInfo;
  readonly target: TargetProgress;
  readonly onDone: (done: Done) => void;
  readonly onCancel: () => void;
}) {
  const remove = useRemoveTarget(authority, metric.id);
  const [error, setError] = useState<{ text: string; key: number } | null>(null);
  return (
    <div className="govuk-inset-text">
      {error ? <ErrorSummary items={[{ text: error.text }]} focusKey={error.key} /> : null}
      <p className="govuk-body">
        Remove the target of {targetText(metric.id, target)}? Your authority's users and your region's lead will no
        longer see it.
      </p>
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--warning"
          disabled={remove.isPending}
          onClick={() =>
            // mutateAsync, not mutate's callbacks: the answer refetched after the removal has no target, which
            // unmounts this panel before mutate's own callbacks would run (and they never run once it has).
            remove.mutateAsync().then(
              () => onDone({ heading: `The target for ${metric.label.toLowerCase()} is removed`, key: Date.now() }),
              (e) => setError({ text: problemByField(e, []).message ?? 'Try again.', key: Date.now() }),
            )
          }
        >
          Yes, remove the target
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Keep it
        </button>
      </div>
    </div>
  );
}

export function TargetSection({
  authority,
  authorityName,
  metric,
  period,
  periodLabel,
  target,
  canSet,
}: {
  readonly authority: string;
  readonly authorityName: string;
  readonly metric: MetricInfo;
  readonly period: string;
  readonly periodLabel: string;
  readonly target: TargetProgress | null;
  /** The user is a submitter of the authority: they set, change and remove it. */
  readonly canSet: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const finish = (next: Done) => {
    setEditing(false);
    setRemoving(false);
    setDone(next);
  };
  return (
    <section aria-labelledby="target-heading">
      <h2 className="govuk-heading-m" id="target-heading">
        Target
      </h2>
      {done ? <NotificationBanner type="success" heading={done.heading} focusKey={done.key} /> : null}
      {target ? (
        <TargetSummary authority={authority} metric={metric} periodLabel={periodLabel} target={target} />
      ) : (
        <p className="govuk-body">
          {authorityName} has no target for {metric.label.toLowerCase()}.
          {canSet ? ' Set one to see, here and on the dashboard, how far your figure is from it.' : ''}
        </p>
      )}
      {!canSet ? null : editing ? (
        <Suspense fallback={<p className="govuk-body">Loading the form…</p>}>
          <TargetForm
            authority={authority}
            metric={metric}
            period={period}
            current={target}
            onDone={(saved) => finish({ heading: `Target set: ${targetText(metric.id, saved)}`, key: Date.now() })}
            onCancel={() => setEditing(false)}
          />
        </Suspense>
      ) : (
        <>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => {
                setDone(null);
                setRemoving(false);
                setEditing(true);
              }}
            >
              {target ? 'Change the target' : 'Set a target'}
            </button>
            {target && !removing ? (
              <button
                type="button"
                className="govuk-button govuk-button--warning"
                onClick={() => {
                  setDone(null);
                  setRemoving(true);
                }}
              >
                Remove the target
              </button>
            ) : null}
          </div>
          {target && removing ? (
            <ConfirmRemove
              authority={authority}
              metric={metric}
              target={target}
              onDone={finish}
              onCancel={() => setRemoving(false)}
            />
          ) : null}
        </>
      )}
    </section>
  );
}
