/**
 * /admin/audit: the audit log, newest first: who did what to which user, authority, period or return,
 * with the details recorded; filtered by action and by what it was done to, 25 to a page.
 */
import type { AuditEntry } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { auditQuery } from '../../api/admin';
import { FilterActions } from '../../components/FilterActions';
import { SelectField, TextField } from '../../components/FormFields';
import { PagedTable } from '../../components/PagedTable';
import { actionLabel, detailLines } from '../../lib/audit';
import { formatDateTime } from '../../lib/text';
import { usePageTitle } from '../../lib/usePageTitle';

const route = getRouteApi('/signed-in/admin/audit');

/** What an entry was done to: a link to the user or authority when there is a page for it. */
function Subject({ entry }: { readonly entry: AuditEntry }) {
  const name = entry.entityName ?? entry.entityId;
  if (entry.entity === 'user') {
    return (
      <Link to="/admin/users/$id" params={{ id: entry.entityId }} className="govuk-link app-break-words">
        {name}
      </Link>
    );
  }
  if (entry.entity === 'authority') {
    return (
      <Link to="/admin/authorities/$code" params={{ code: entry.entityId }} className="govuk-link">
        {name}
      </Link>
    );
  }
  return (
    <span className="app-break-words">
      {entry.entity} {name}
    </span>
  );
}

export function AuditPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const log = useSuspenseQuery(auditQuery(search)).data;
  const [action, setAction] = useState(search.action ?? '');
  const [entity, setEntity] = useState(search.entity ?? '');
  const [entityId, setEntityId] = useState(search.entityId ?? '');
  usePageTitle(search.page && search.page > 1 ? `Audit log (page ${search.page})` : 'Audit log');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void navigate({
      to: '/admin/audit',
      search: { action: action || undefined, entity: entity || undefined, entityId: entityId.trim() || undefined },
    });
  };
  return (
    <>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">Every change made in the exchange, and every sign-in: who, what and when.</p>
      <form onSubmit={onSubmit} noValidate className="app-filters">
        <div className="app-filters__row">
          <SelectField
            id="action"
            label="Action"
            placeholder="Any action"
            value={action}
            options={log.actions.map((a) => ({ value: a, label: actionLabel(a) }))}
            onChange={setAction}
          />
          <SelectField
            id="entity"
            label="Done to"
            placeholder="Anything"
            value={entity}
            options={log.entities.map((e) => ({ value: e, label: e.replace(/-/g, ' ') }))}
            onChange={setEntity}
          />
          <TextField
            id="entityId"
            label="Its id or code"
            hint="Such as E08000026 or 2024-25-Q1"
            spellCheck={false}
            width="govuk-input--width-20"
            value={entityId}
            onChange={setEntityId}
          />
        </div>
        <FilterActions
          to="/admin/audit"
          active={Boolean(search.action || search.entity || search.entityId)}
          onClear={() => {
            setAction('');
            setEntity('');
            setEntityId('');
          }}
        />
      </form>
      <PagedTable
        list={log}
        noun={['entry', 'entries']}
        id="audit-caption"
        caption="Audit log, newest first"
        columns={['When', 'Who', 'Action', 'Done to', 'Details']}
        row={(entry) => ({
          key: String(entry.id),
          header: formatDateTime(entry.at),
          cells: [
            entry.userName ?? (entry.userId ? entry.userId : 'The system'),
            actionLabel(entry.action),
            <Subject key="subject" entry={entry} />,
            <ul key="detail" className="govuk-list govuk-body-s app-break-words">
              {detailLines(entry.detail).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>,
          ],
        })}
      />
    </>
  );
}
