/**
 * /admin/periods: the collection periods, newest first, with their status and due date; each opens
 * its page (open or close it for every region, change its due date). An admin adds a period here.
 */
import { type PeriodStatus, periodIdSchema } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useAddPeriod } from '../../api/admin';
import { periodsQuery } from '../../api/queries';

import { type FormErrors, useFormErrors } from '../../components/FormErrors';
import {
  DateField,
  type DatePart,
  datePartId,
  EMPTY_DATE,
  RadiosField,
  readDate,
  TextField,
} from '../../components/FormFields';
import { PeriodsTable } from '../../components/PeriodsTable';
import { usePageTitle } from '../../lib/usePageTitle';

type Field = 'id' | 'status' | 'dueDate';
const FIELDS: readonly Field[] = ['id', 'status', 'dueDate'];

function AddPeriod({ form }: { readonly form: FormErrors<Field> }) {
  const add = useAddPeriod();
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [status, setStatus] = useState<PeriodStatus>('closed');
  const [due, setDue] = useState(EMPTY_DATE);
  // The due date's fields that are wrong, to mark only those.
  const [dueParts, setDueParts] = useState<readonly DatePart[] | undefined>(undefined);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (add.isPending) return;
    // "2025-26 Q1" is read as 2025-26-Q1.
    const period = periodIdSchema.safeParse(id.trim().toUpperCase().replace(/\s+Q/, '-Q'));
    const dueDate = readDate(due, 'The due date');
    setDueParts('error' in dueDate ? dueDate.parts : undefined);
    if (!period.success || 'error' in dueDate) {
      form.failIssues(
        [
          ...(period.success ? [] : period.error.issues.map((issue) => ({ ...issue, path: ['id'] }))),
          ...('error' in dueDate ? [{ path: ['dueDate'], message: dueDate.error }] : []),
        ],
        {},
        'error' in dueDate ? { dueDate: datePartId('dueDate', dueDate.parts[0] ?? 'day') } : {},
      );
      return;
    }
    add.mutate(
      { id: period.data, status, dueDate: dueDate.date },
      form.handlers(
        (created) =>
          void navigate({ to: '/admin/periods/$period', params: { period: created.id }, search: { done: 'added' } }),
      ),
    );
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <h2 className="govuk-heading-m">Add a period</h2>
      <TextField
        id="id"
        label="Period"
        hint="A financial-year quarter, like 2025-26-Q1 (April to June 2025)"
        width="govuk-input--width-10"
        spellCheck={false}
        value={id}
        error={form.errors.id}
        onChange={setId}
      />
      <RadiosField
        id="status"
        legend="Open it for returns now?"
        inline
        value={status}
        error={form.errors.status}
        onChange={(value) => setStatus(value === 'open' ? 'open' : 'closed')}
        options={[
          { value: 'closed', label: 'No, keep it closed' },
          { value: 'open', label: 'Yes, open it' },
        ]}
      />
      <DateField
        id="dueDate"
        legend="Due date (optional)"
        hint="When returns are due, for example 31 7 2025"
        value={due}
        error={form.errors.dueDate}
        errorParts={dueParts}
        onChange={setDue}
      />
      <button type="submit" className="govuk-button" disabled={add.isPending} aria-disabled={add.isPending}>
        Add the period
      </button>
    </form>
  );
}

export function PeriodsPage() {
  const periods = useSuspenseQuery(periodsQuery()).data;
  const form = useFormErrors(FIELDS);
  usePageTitle('Collection periods', { error: form.failed });
  return (
    <>
      {form.summary}
      <h1 className="govuk-heading-l">Collection periods</h1>
      <p className="govuk-body">
        Opening or closing a period does it for every region, whatever their regional leads set before; a regional lead
        can then open or close their own region's round.
      </p>
      {periods.length > 0 ? (
        <PeriodsTable periods={periods} caption="Collection periods, newest first" linked />
      ) : (
        <p className="govuk-body">There are no collection periods yet.</p>
      )}
      <AddPeriod form={form} />
      <p className="govuk-body">
        To bring in a region’s returns from before the exchange (their periods added, closed),{' '}
        <Link to="/history-import" className="govuk-link">
          import a region’s history
        </Link>
        .
      </p>
    </>
  );
}
