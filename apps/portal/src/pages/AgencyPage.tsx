import { AGENCY_ROLE_LABELS, AGENCY_ROLE_TYPES, type AgencyCap } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { authorityCapsQuery, regionCapsQuery, useSetCap } from '../api/agency';
import { isProblem } from '../api/client';
import { periodsQuery } from '../api/queries';
import { CapsTable, pounds } from '../components/AgencyTables';
import { ErrorSummary } from '../components/ErrorSummary';
import { DateField, type DateParts, EMPTY_DATE, readDate, SelectField, TextField } from '../components/FormFields';
import { NotificationBanner } from '../components/NotificationBanner';
import { formatDate } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { isAuthorityUser, useUser } from '../session';

/** The statutory rules in a few words, for every page of the annex. */
export function AgencyRules() {
  return (
    <p className="govuk-body">
      Since 31 October 2024 the statutory guidance on agency child and family social workers asks every authority to
      keep to its region’s price caps, to use agency workers with at least 3 years’ post-qualifying experience in local
      authority employment and 2 references, to use project teams only when approved worker by worker, to observe a
      cool-off for workers who left a permanent post in the region, and to send DfE data on every agency assignment each
      quarter.
    </p>
  );
}

/** The quarters to open the annex of, newest first. */
function PeriodLinks() {
  const periods = useSuspenseQuery(periodsQuery()).data;
  const newest = [...periods].sort((a, b) => b.id.localeCompare(a.id)).slice(0, 8);
  return (
    <ul className="govuk-list">
      {newest.map((p) => (
        <li key={p.id}>
          <Link to="/agency/$period" params={{ period: p.id }} className="govuk-link">
            {p.label}
          </Link>{' '}
          {p.status === 'open' ? <strong className="govuk-tag govuk-tag--blue">Open</strong> : null}
        </li>
      ))}
    </ul>
  );
}

/** The lead's form for a new cap: a role, a rate and the day it takes effect (day, month, year). */
function SetCapForm({ region }: { readonly region: string }) {
  const setCap = useSetCap(region);
  const [role, setRole] = useState('');
  const [cap, setCapValue] = useState('');
  const [date, setDate] = useState<DateParts>(EMPTY_DATE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<AgencyCap | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!role) found.roleType = 'Choose the role the cap is for';
    const value = Number(cap.replace(/^£/, '').trim());
    if (cap.trim() === '' || !Number.isFinite(value)) found.hourlyCap = 'Enter the hourly cap as a number of pounds';
    const when = readDate(date, 'The date it takes effect');
    if ('error' in when) found.effectiveFrom = when.error;
    else if (when.date === null) found.effectiveFrom = 'Enter the date the cap takes effect';
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0 || !('date' in when) || when.date === null) {
      setErrors(found);
      return;
    }
    try {
      const saved = await setCap.mutateAsync({
        roleType: role as (typeof AGENCY_ROLE_TYPES)[number],
        hourlyCap: value,
        effectiveFrom: when.date,
      });
      setErrors({});
      setDone(saved);
      setRole('');
      setCapValue('');
      setDate(EMPTY_DATE);
    } catch (error) {
      if (!isProblem(error)) throw error;
      const byField: Record<string, string> = {};
      for (const e of error.errors) byField[e.field ?? 'hourlyCap'] = e.message;
      setErrors(Object.keys(byField).length > 0 ? byField : { hourlyCap: error.detail ?? 'The cap was not set' });
    }
  };

  const items = Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` }));
  return (
    <form onSubmit={submit} noValidate>
      {items.length > 0 ? <ErrorSummary items={items} focusKey={attempt} /> : null}
      {done ? (
        <NotificationBanner heading="Cap set" type="success" focusKey={done.id}>
          <p className="govuk-body">
            {done.roleLabel}: {pounds(done.hourlyCap)} an hour from {formatDate(done.effectiveFrom)}. Assignments that
            started before then are still judged by the cap in force at their start.
          </p>
        </NotificationBanner>
      ) : null}
      <h2 className="govuk-heading-m">Set a price cap</h2>
      <SelectField
        id="roleType"
        label="Role"
        placeholder="Choose a role"
        options={AGENCY_ROLE_TYPES.map((r) => ({ value: r, label: AGENCY_ROLE_LABELS[r] }))}
        value={role}
        onChange={setRole}
        error={errors.roleType}
      />
      <TextField
        id="hourlyCap"
        label="Hourly cap"
        hint="Pay, employer National Insurance and apprenticeship levy, as the region’s agreement sets it"
        prefix="£"
        width="govuk-input--width-5"
        inputMode="decimal"
        value={cap}
        onChange={setCapValue}
        error={errors.hourlyCap}
      />
      <DateField
        id="effectiveFrom"
        legend="Date it takes effect"
        hint="For example, 1 4 2025. Earlier caps stay in force before this date."
        value={date}
        onChange={setDate}
        error={errors.effectiveFrom}
      />
      <button type="submit" className="govuk-button" disabled={setCap.isPending}>
        Set the cap
      </button>
    </form>
  );
}

function LeadView({ region }: { readonly region: string }) {
  const caps = useSuspenseQuery(regionCapsQuery(region)).data;
  return (
    <>
      <h2 className="govuk-heading-m">Your region’s compliance</h2>
      <p className="govuk-body">Every authority of your region, named, with its compliance and breaches, by quarter:</p>
      <PeriodLinks />
      <CapsTable id="caps" caps={caps} />
      <SetCapForm region={region} />
    </>
  );
}

function AuthorityView({ authority }: { readonly authority: string }) {
  const caps = useSuspenseQuery(authorityCapsQuery(authority)).data;
  return (
    <>
      <h2 className="govuk-heading-m">Your agency assignments</h2>
      <p className="govuk-body">Enter or upload the assignments open at each quarter end, and see your compliance:</p>
      <PeriodLinks />
      <CapsTable id="caps" caps={caps} />
    </>
  );
}

/** /agency: the region's price caps, the quarters' annexes, and for a lead the form to set a cap. */
export function AgencyPage() {
  const user = useUser();
  usePageTitle('Agency workers');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">Agency workers</h1>
        <AgencyRules />
        {user.role === 'regional_lead' && user.regionCode ? <LeadView region={user.regionCode} /> : null}
        {isAuthorityUser(user) ? <AuthorityView authority={user.authorityCode} /> : null}
      </div>
    </div>
  );
}
