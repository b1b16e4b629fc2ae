import { formatPercent } from '@csc-workforce/metrics-core';
import type { AgencyCap, AgencyComparison, AgencyComplianceAnswer } from '@csc-workforce/schemas';
import { formatDate } from '../lib/text';
import { TableHead } from './TableHead';
import { TableScroll } from './TableScroll';

/** £38.50 */
export const pounds = (value: number) =>
  `£${value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A measure's value with what it counts: "33.3% (1 of 3)", or why there is none. */
export const measureText = (m: { value: number | null; numerator: number; denominator: number }) =>
  m.value === null ? 'No assignments to count' : `${formatPercent(m.value)} (${m.numerator} of ${m.denominator})`;

/** The compliance measures of an authority (or a region pooled), each with its numerator and denominator. */
export function ComplianceTable({
  id,
  caption,
  compliance,
}: {
  readonly id: string;
  readonly caption: string;
  readonly compliance: AgencyComplianceAnswer;
}) {
  return (
    <TableScroll labelId={`${id}-caption`}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m" id={`${id}-caption`}>
          {caption}
        </caption>
        <TableHead columns={['Measure', 'Value', 'How it is counted']} />
        <tbody className="govuk-table__body">
          {compliance.measures.map((m) => (
            <tr className="govuk-table__row" key={m.id}>
              <th scope="row" className="govuk-table__header">
                {m.label}
              </th>
              <td className="govuk-table__cell">{measureText(m)}</td>
              <td className="govuk-table__cell govuk-body-s">{m.formula}</td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">
              Agency spend per agency FTE in the quarter
            </th>
            <td className="govuk-table__cell">
              {compliance.spendPerAgencyFte.value === null
                ? 'Not known: the return has no agency spend or no agency FTE'
                : pounds(compliance.spendPerAgencyFte.value)}
            </td>
            <td className="govuk-table__cell govuk-body-s">the return’s agency spend ÷ agency FTE at quarter end</td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Each role's average charge rate beside the caps in force at the assignments' starts. */
export function RatesTable({ id, compliance }: { readonly id: string; readonly compliance: AgencyComplianceAnswer }) {
  if (compliance.rates.length === 0) return null;
  return (
    <TableScroll labelId={`${id}-caption`}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s" id={`${id}-caption`}>
          Average hourly charge rate against the cap, by role
        </caption>
        <TableHead
          columns={[
            'Role',
            { label: 'Assignments', numeric: true },
            { label: 'Average rate', numeric: true },
            { label: 'Average cap', numeric: true },
            { label: 'Rate as % of cap', numeric: true },
          ]}
        />
        <tbody className="govuk-table__body">
          {compliance.rates.map((r) => (
            <tr className="govuk-table__row" key={r.roleType}>
              <th scope="row" className="govuk-table__header">
                {r.roleLabel}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.assignments}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{pounds(r.averageRate)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {r.averageCap === null ? 'No cap' : pounds(r.averageCap)}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {r.percentOfCap === null ? '–' : formatPercent(r.percentOfCap)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The assignments that break a rule, and which. */
export function BreachesTable({
  id,
  caption,
  compliance,
}: {
  readonly id: string;
  readonly caption: string;
  readonly compliance: AgencyComplianceAnswer;
}) {
  if (compliance.breaches.length === 0) {
    return <p className="govuk-body">No assignment breaks the agency rules.</p>;
  }
  return (
    <TableScroll labelId={`${id}-caption`}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s" id={`${id}-caption`}>
          {caption}
        </caption>
        <TableHead
          columns={[
            { label: 'Assignment', numeric: true },
            'Role',
            { label: 'Hourly rate', numeric: true },
            'Started',
            { label: 'Cap at its start', numeric: true },
            'Breaches',
          ]}
        />
        <tbody className="govuk-table__body">
          {compliance.breaches.map((b) => (
            <tr className="govuk-table__row" key={b.position}>
              <td className="govuk-table__cell govuk-table__cell--numeric">{b.position}</td>
              <td className="govuk-table__cell">{b.roleLabel}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{pounds(b.hourlyRate)}</td>
              <td className="govuk-table__cell">{formatDate(b.startDate)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {b.capInForce === null ? 'No cap' : pounds(b.capInForce)}
              </td>
              <td className="govuk-table__cell">
                <ul className="govuk-list govuk-body-s">
                  {b.breaches.map((x) => (
                    <li key={x.code}>{x.label}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A region's price caps: those in force, then the history. */
export function CapsTable({ id, caps }: { readonly id: string; readonly caps: readonly AgencyCap[] }) {
  if (caps.length === 0) return <p className="govuk-body">The region has set no price caps yet.</p>;
  return (
    <TableScroll labelId={`${id}-caption`}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m" id={`${id}-caption`}>
          Price caps, with the date each took effect
        </caption>
        <TableHead
          columns={['Role', { label: 'Hourly cap', numeric: true }, 'Takes effect', 'In force today', 'Set by']}
        />
        <tbody className="govuk-table__body">
          {caps.map((cap) => (
            <tr className="govuk-table__row" key={cap.id}>
              <th scope="row" className="govuk-table__header">
                {cap.roleLabel}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{pounds(cap.hourlyCap)}</td>
              <td className="govuk-table__cell">{formatDate(cap.effectiveFrom)}</td>
              <td className="govuk-table__cell">{cap.inForce ? 'Yes' : 'No'}</td>
              <td className="govuk-table__cell">{cap.setByName ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The authority's own measures beside its region's and England's, from the period's releases. */
export function AgencyComparisonTable({ comparison }: { readonly comparison: AgencyComparison }) {
  if (!comparison.release) {
    return (
      <p className="govuk-body">
        Your region and England are shown once {comparison.periodLabel} is released, when its collection closes.
      </p>
    );
  }
  const group = (id: 'region' | 'england') => comparison.groups.find((g) => g.id === id);
  const region = group('region');
  const england = group('england');
  const cell = (g: typeof region, measure: string) => {
    const m = g?.measures.find((x) => x.id === measure);
    if (!m) return '–';
    if (m.withheld) return `Withheld: ${m.withheld.charAt(0).toLowerCase()}${m.withheld.slice(1)}`;
    return m.value === null ? 'No value' : `${formatPercent(m.value)} (${m.authorities} authorities)`;
  };
  return (
    <>
      <TableScroll labelId="agency-comparison-caption">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m" id="agency-comparison-caption">
            How you compare with {region?.label ?? 'your region'} and England
          </caption>
          <TableHead columns={['Measure', 'You', region?.label ?? 'Region', 'England']} />
          <tbody className="govuk-table__body">
            {comparison.own.map((m) => (
              <tr className="govuk-table__row" key={m.id}>
                <th scope="row" className="govuk-table__header">
                  {m.label}
                </th>
                <td className="govuk-table__cell">{measureText(m)}</td>
                <td className="govuk-table__cell">{cell(region, m.id)}</td>
                <td className="govuk-table__cell">{cell(england, m.id)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="govuk-body-s">
        Your figures are as they are now. The region and England are pooled from the authorities’ annexes as they were
        counted in the quarter’s release of {formatDate(comparison.release.releasedAt)}; a figure is shown only when at
        least {comparison.minGroupSize} authorities contributed to it.
      </p>
    </>
  );
}
