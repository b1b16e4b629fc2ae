import { formatPercent } from '@csc-workforce/metrics-core';
import type { AgencyCap, AgencyComparison, AgencyComplianceAnswer } from '@csc-workforce/schemas';
import { formatDate } from '../lib/text';
import { DataTable } from './DataTable';

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
  const spend = compliance.spendPerAgencyFte.value;
  return (
    <DataTable
      id={`${id}-caption`}
      caption={caption}
      captionClassName="govuk-table__caption--m"
      columns={['Measure', 'Value', 'How it is counted']}
      rows={[
        ...compliance.measures.map((m) => ({
          key: m.id,
          header: m.label,
          cells: [
            measureText(m),
            <span key="formula" className="govuk-body-s">
              {m.formula}
            </span>,
          ],
        })),
        {
          key: 'spend',
          header: 'Agency spend per agency FTE in the quarter',
          cells: [
            spend === null ? 'Not known: the return has no agency spend or no agency FTE' : pounds(spend),
            <span key="formula" className="govuk-body-s">
              the return’s agency spend ÷ agency FTE at quarter end
            </span>,
          ],
        },
      ]}
    />
  );
}

/** Each role's average charge rate beside the caps in force at the assignments' starts. */
export function RatesTable({ id, compliance }: { readonly id: string; readonly compliance: AgencyComplianceAnswer }) {
  if (compliance.rates.length === 0) return null;
  return (
    <DataTable
      id={`${id}-caption`}
      caption="Average hourly charge rate against the cap, by role"
      columns={[
        'Role',
        { label: 'Assignments', numeric: true },
        { label: 'Average rate', numeric: true },
        { label: 'Average cap', numeric: true },
        { label: 'Rate as % of cap', numeric: true },
      ]}
      rows={compliance.rates.map((r) => ({
        key: r.roleType,
        header: r.roleLabel,
        cells: [
          r.assignments,
          pounds(r.averageRate),
          r.averageCap === null ? 'No cap' : pounds(r.averageCap),
          r.percentOfCap === null ? '–' : formatPercent(r.percentOfCap),
        ],
      }))}
    />
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
    <DataTable
      id={`${id}-caption`}
      caption={caption}
      columns={[
        'Assignment',
        'Role',
        { label: 'Hourly rate', numeric: true },
        'Started',
        { label: 'Cap at its start', numeric: true },
        'Breaches',
      ]}
      rows={compliance.breaches.map((b) => ({
        key: String(b.position),
        header: b.position,
        cells: [
          b.roleLabel,
          pounds(b.hourlyRate),
          formatDate(b.startDate),
          b.capInForce === null ? 'No cap' : pounds(b.capInForce),
          <ul key="breaches" className="govuk-list govuk-body-s">
            {b.breaches.map((x) => (
              <li key={x.code}>{x.label}</li>
            ))}
          </ul>,
        ],
      }))}
    />
  );
}

/** A region's price caps: those in force, then the history. */
export function CapsTable({ id, caps }: { readonly id: string; readonly caps: readonly AgencyCap[] }) {
  if (caps.length === 0) return <p className="govuk-body">The region has set no price caps yet.</p>;
  return (
    <DataTable
      id={`${id}-caption`}
      caption="Price caps, with the date each took effect"
      captionClassName="govuk-table__caption--m"
      columns={['Role', { label: 'Hourly cap', numeric: true }, 'Takes effect', 'In force today', 'Set by']}
      rows={caps.map((cap) => ({
        key: String(cap.id),
        header: cap.roleLabel,
        cells: [pounds(cap.hourlyCap), formatDate(cap.effectiveFrom), cap.inForce ? 'Yes' : 'No', cap.setByName ?? '–'],
      }))}
    />
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
      <DataTable
        id="agency-comparison-caption"
        caption={`How you compare with ${region?.label ?? 'your region'} and England`}
        captionClassName="govuk-table__caption--m"
        columns={['Measure', 'You', region?.label ?? 'Region', 'England']}
        rows={comparison.own.map((m) => ({
          key: m.id,
          header: m.label,
          cells: [measureText(m), cell(region, m.id), cell(england, m.id)],
        }))}
      />
      <p className="govuk-body-s">
        Your figures are as they are now. The region and England are pooled from the authorities’ annexes as they were
        counted in the quarter’s release of {formatDate(comparison.release.releasedAt)}; a figure is shown only when at
        least {comparison.minGroupSize} authorities contributed to it.
      </p>
    </>
  );
}
