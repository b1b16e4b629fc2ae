/**
 * /admin/authorities: the local authorities by name, filtered by region or found by name or code;
 * each opens its page (rename, retire). An admin adds a new authority from here.
 */
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { regionsQuery } from '../../api/admin';
import { authoritiesQuery } from '../../api/queries';
import { DataTable } from '../../components/DataTable';
import { FilterActions } from '../../components/FilterActions';
import { SelectField, TextField } from '../../components/FormFields';
import { formerCodeText, plural } from '../../lib/text';
import { usePageTitle } from '../../lib/usePageTitle';

const route = getRouteApi('/signed-in/admin/authorities');

export function AuthoritiesPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const authorities = useSuspenseQuery(authoritiesQuery()).data;
  const regions = useSuspenseQuery(regionsQuery()).data;
  const [q, setQ] = useState(search.q ?? '');
  const [region, setRegion] = useState(search.region ?? '');
  usePageTitle('Local authorities');
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const needle = (search.q ?? '').trim().toLowerCase();
  const shown = authorities.filter(
    (a) =>
      (!search.region || a.regionCode === search.region) &&
      (!needle ||
        a.name.toLowerCase().includes(needle) ||
        // An authority is found by its former codes too (Barnsley by E08000016 as by E08000038).
        [a.code, ...a.formerCodes.map((f) => f.code)].some((code) => code.toLowerCase().includes(needle))),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void navigate({ to: '/admin/authorities', search: { q: q.trim() || undefined, region: region || undefined } });
  };
  const filtered = Boolean(search.q || search.region);
  return (
    <>
      <h1 className="govuk-heading-l">Local authorities</h1>
      <p className="govuk-body">
        Rename an authority, retire one that no longer exists (its returns are kept), or add a new one.
      </p>
      <Link to="/admin/authorities/new" className="govuk-button">
        Add an authority
      </Link>
      <form onSubmit={onSubmit} noValidate className="app-filters">
        <h2 className="govuk-heading-m">Find authorities</h2>
        <div className="app-filters__row">
          <TextField id="q" label="Name or ONS code" type="search" spellCheck={false} value={q} onChange={setQ} />
          <SelectField
            id="region"
            label="Region"
            placeholder="Any region"
            value={region}
            options={regions.map((r) => ({ value: r.code, label: r.name }))}
            onChange={setRegion}
          />
        </div>
        <FilterActions
          to="/admin/authorities"
          active={filtered}
          onClear={() => {
            setQ('');
            setRegion('');
          }}
        />
      </form>
      <p className="govuk-body" role="status">
        {shown.length === 0
          ? 'No authorities match the filters'
          : `${plural(shown.length, 'authority', 'authorities')}${shown.some((a) => a.retired) ? `, ${shown.filter((a) => a.retired).length} retired` : ''}`}
      </p>
      {shown.length > 0 ? (
        <DataTable
          id="authorities-caption"
          caption="Local authorities, by name"
          captionClassName="govuk-visually-hidden"
          columns={['Name', 'ONS code', 'Region', 'Status']}
          rows={shown.map((a) => ({
            key: a.code,
            header: (
              <Link to="/admin/authorities/$code" params={{ code: a.code }} className="govuk-link">
                {a.name}
              </Link>
            ),
            cells: [
              a.formerCodes.length > 0 ? (
                <span key="code">
                  {a.code}
                  {a.formerCodes.map((span) => (
                    <span key={span.code} className="govuk-body-s app-former-code">
                      Formerly {formerCodeText(span)}
                    </span>
                  ))}
                </span>
              ) : (
                a.code
              ),
              regionName.get(a.regionCode) ?? a.regionCode,
              a.retired ? (
                <strong key="s" className="govuk-tag govuk-tag--grey">
                  Retired
                </strong>
              ) : (
                'In use'
              ),
            ],
          }))}
        />
      ) : null}
    </>
  );
}
