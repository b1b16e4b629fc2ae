/**
 * /admin/outbox: every e-mail the exchange wrote, newest first, filtered by kind and status, 25 to a
 * page; each opens its whole text. Without an SMTP server mails are kept here for an admin to pass on.
 */
import { MAIL_KIND_VALUES, MAIL_STATUSES } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { outboxQuery } from '../../api/admin';
import { FilterActions } from '../../components/FilterActions';
import { SelectField } from '../../components/FormFields';
import { PagedTable } from '../../components/PagedTable';
import { MAIL_KIND_LABELS, MAIL_STATUS_LABELS } from '../../lib/outbox';
import { formatDateTime } from '../../lib/text';
import { usePageTitle } from '../../lib/usePageTitle';

const route = getRouteApi('/signed-in/admin/outbox');

export function OutboxPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const mails = useSuspenseQuery(outboxQuery(search)).data;
  const [kind, setKind] = useState(search.kind ?? '');
  const [status, setStatus] = useState(search.status ?? '');
  usePageTitle(search.page && search.page > 1 ? `Outbox (page ${search.page})` : 'Outbox');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void navigate({ to: '/admin/outbox', search: { kind: kind || undefined, status: status || undefined } });
  };
  return (
    <>
      <h1 className="govuk-heading-l">Outbox</h1>
      <p className="govuk-body">
        Every e-mail the exchange writes: invitations, collection notices, reminders and review decisions. When no
        e-mail server is configured, they are kept here and not sent: pass an invitation's link on yourself.
      </p>
      <form onSubmit={onSubmit} noValidate className="app-filters">
        <div className="app-filters__row">
          <SelectField
            id="kind"
            label="Kind"
            placeholder="Any kind"
            value={kind}
            options={MAIL_KIND_VALUES.map((k) => ({ value: k, label: MAIL_KIND_LABELS[k] }))}
            onChange={setKind}
          />
          <SelectField
            id="status"
            label="Status"
            placeholder="Any status"
            value={status}
            options={MAIL_STATUSES.map((s) => ({ value: s, label: MAIL_STATUS_LABELS[s] }))}
            onChange={setStatus}
          />
        </div>
        <FilterActions
          to="/admin/outbox"
          active={Boolean(search.kind || search.status)}
          onClear={() => {
            setKind('');
            setStatus('');
          }}
        />
      </form>
      <PagedTable
        list={mails}
        noun={['e-mail', 'e-mails']}
        id="outbox-caption"
        caption="E-mails, newest first"
        columns={['Subject', 'To', 'Written', 'Kind', 'Status']}
        row={(m) => ({
          key: String(m.id),
          header: (
            <Link to="/admin/outbox/$id" params={{ id: String(m.id) }} className="govuk-link">
              {m.subject}
            </Link>
          ),
          cells: [
            <span key="to" className="app-break-words">
              {m.to}
            </span>,
            formatDateTime(m.createdAt),
            MAIL_KIND_LABELS[m.kind],
            MAIL_STATUS_LABELS[m.status],
          ],
        })}
      />
    </>
  );
}
