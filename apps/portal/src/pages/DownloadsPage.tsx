import { useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { periodsQuery } from '../api/queries';
import { SelectField } from '../components/FormFields';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

/** An export's address: all periods, or one. */
export function exportHref(format: 'csv' | 'xlsx', period: string): string {
  return period
    ? `/api/returns/export.${format}?period=${encodeURIComponent(period)}`
    : `/api/returns/export.${format}`;
}

/** /downloads: the upload template, and exports of the returns the user can see. */
export function DownloadsPage() {
  const user = useUser();
  const periods = useSuspenseQuery(periodsQuery()).data;
  const [period, setPeriod] = useState('');
  usePageTitle('Downloads');
  const chosen = periods.find((p) => p.id === period);
  const what = chosen ? `returns for ${chosen.label}` : 'returns for every period';
  const whose = user.role === 'regional_lead' ? `your region's ${what}` : `your authority's ${what}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Downloads</h1>
        <h2 className="govuk-heading-m">Template</h2>
        <p className="govuk-body">
          The columns of a return, with a row to fill in for each return. Upload it when it is filled in.
        </p>
        <ul className="govuk-list">
          <li>
            <a href="/api/returns/template.csv" className="govuk-link" download>
              Download the template as CSV
            </a>
          </li>
          <li>
            <a href="/api/returns/template.xlsx" className="govuk-link" download>
              Download the template as Excel (XLSX)
            </a>
          </li>
        </ul>
        <h2 className="govuk-heading-m">Returns</h2>
        <p className="govuk-body">
          The latest version of each return, with its status, in the same columns as the template.
        </p>
        <SelectField
          id="export-period"
          name="period"
          label="Period"
          size="body"
          value={period}
          placeholder="All periods"
          options={periods.map((p) => ({ value: p.id, label: p.label }))}
          onChange={setPeriod}
        />
        <ul className="govuk-list">
          <li>
            <a href={exportHref('csv', period)} className="govuk-link" download>
              Download {whose} as CSV
            </a>
          </li>
          <li>
            <a href={exportHref('xlsx', period)} className="govuk-link" download>
              Download {whose} as Excel (XLSX)
            </a>
          </li>
        </ul>
      </div>
    </div>
  );
}
