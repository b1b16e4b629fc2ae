/**
 * /admin/users: every user by name, filtered by role, region, authority and standing, or found by
 * name or e-mail address, 25 to a page; each opens the user's page. The filters are the page's
 * search parameters, so a filtered list can be bookmarked and shared.
 */
import { ROLE_LABELS, ROLES, USER_STATUS_LABELS, USER_STATUSES } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { regionsQuery, userListQuery } from '../../api/admin';
import { authoritiesQuery } from '../../api/queries';
import { FilterActions } from '../../components/FilterActions';
import { SelectField, TextField } from '../../components/FormFields';
import { PagedTable } from '../../components/PagedTable';
import { UserStatusTag } from '../../components/UserStatusTag';
import { usePageTitle } from '../../lib/usePageTitle';

const route = getRouteApi('/signed-in/admin/users');

export function UsersPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const users = useSuspenseQuery(userListQuery(search)).data;
  const authorities = useSuspenseQuery(authoritiesQuery()).data;
  const regions = useSuspenseQuery(regionsQuery()).data;
  const [filter, setFilter] = useState({
    q: search.q ?? '',
    role: search.role ?? '',
    region: search.region ?? '',
    authority: search.authority ?? '',
    status: search.status ?? '',
  });
  usePageTitle(search.page && search.page > 1 ? `Users (page ${search.page})` : 'Users');
  const filtered = Boolean(search.q || search.role || search.region || search.authority || search.status);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void navigate({
      to: '/admin/users',
      search: {
        q: filter.q.trim() || undefined,
        role: filter.role || undefined,
        region: filter.region || undefined,
        authority: filter.authority || undefined,
        status: filter.status || undefined,
      },
    });
  };
  const inRegion = filter.region ? authorities.filter((a) => a.regionCode === filter.region) : authorities;

  return (
    <>
      <h1 className="govuk-heading-l">Users</h1>
      <p className="govuk-body">
        Invite people, change their role or scope, and deactivate those who should no longer sign in.
      </p>
      <Link to="/admin/users/invite" className="govuk-button">
        Invite a user
      </Link>
      <form onSubmit={onSubmit} noValidate className="app-filters">
        <h2 className="govuk-heading-m">Find users</h2>
        <TextField
          id="q"
          label="Name or e-mail address"
          type="search"
          width="govuk-!-width-one-half"
          spellCheck={false}
          value={filter.q}
          onChange={(q) => setFilter({ ...filter, q })}
        />
        <div className="app-filters__row">
          <SelectField
            id="role"
            label="Role"
            placeholder="Any role"
            value={filter.role}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            onChange={(role) => setFilter({ ...filter, role })}
          />
          <SelectField
            id="region"
            label="Region"
            placeholder="Any region"
            value={filter.region}
            options={regions.map((r) => ({ value: r.code, label: r.name }))}
            onChange={(region) => setFilter({ ...filter, region, authority: '' })}
          />
          <SelectField
            id="authority"
            label="Local authority"
            placeholder="Any authority"
            value={filter.authority}
            options={inRegion.map((a) => ({ value: a.code, label: a.retired ? `${a.name} (retired)` : a.name }))}
            onChange={(authority) => setFilter({ ...filter, authority })}
          />
          <SelectField
            id="status"
            label="Status"
            placeholder="Any status"
            value={filter.status}
            options={USER_STATUSES.map((s) => ({ value: s, label: USER_STATUS_LABELS[s] }))}
            onChange={(status) => setFilter({ ...filter, status })}
          />
        </div>
        <FilterActions
          to="/admin/users"
          active={filtered}
          onClear={() => setFilter({ q: '', role: '', region: '', authority: '', status: '' })}
        />
      </form>
      <PagedTable
        list={users}
        noun={['user', 'users']}
        id="users-caption"
        caption={filtered ? 'Users matching the filters, by name' : 'Users, by name'}
        columns={['Name', 'E-mail address', 'Role', 'Authority or region', 'Status']}
        row={(u) => ({
          key: u.id,
          header: (
            <Link to="/admin/users/$id" params={{ id: u.id }} className="govuk-link app-break-words">
              {u.name}
            </Link>
          ),
          cells: [
            <span key="email" className="app-break-words">
              {u.email}
            </span>,
            ROLE_LABELS[u.role],
            u.authorityName ?? (u.role === 'regional_lead' ? u.regionName : null) ?? '—',
            <UserStatusTag key="status" status={u.status} />,
          ],
        })}
      />
    </>
  );
}
