/** /admin/outbox/$id: one e-mail with its whole text, as the recipient reads it, and how its delivery went. */
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { mailQuery } from '../../api/admin';
import { MAIL_KIND_LABELS, MAIL_STATUS_LABELS } from '../../lib/outbox';
import { formatDateTime } from '../../lib/text';
import { usePageTitle } from '../../lib/usePageTitle';

const route = getRouteApi('/signed-in/admin/outbox/$id');

export function MailPage() {
  const { id } = route.useParams();
  const mail = useSuspenseQuery(mailQuery(Number(id))).data;
  usePageTitle(mail.subject);
  const rows: [string, string][] = [
    ['To', mail.to],
    ['Written', formatDateTime(mail.createdAt)],
    ['Kind', MAIL_KIND_LABELS[mail.kind]],
    ['Status', `${MAIL_STATUS_LABELS[mail.status]}${mail.sentAt ? ` on ${formatDateTime(mail.sentAt)}` : ''}`],
    ...(mail.attempts > 0 ? [['Attempts', String(mail.attempts)] as [string, string]] : []),
    ...(mail.lastError ? [['Last error', mail.lastError] as [string, string]] : []),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/admin/outbox" className="govuk-back-link">
          Back to the outbox
        </Link>
        <span className="govuk-caption-l">E-mail</span>
        <h1 className="govuk-heading-l app-break-words">{mail.subject}</h1>
        <dl className="govuk-summary-list">
          {rows.map(([label, value]) => (
            <div className="govuk-summary-list__row" key={label}>
              <dt className="govuk-summary-list__key">{label}</dt>
              <dd className="govuk-summary-list__value app-break-words">{value}</dd>
            </div>
          ))}
        </dl>
        <h2 className="govuk-heading-m">Text</h2>
        <div className="govuk-inset-text app-pre-wrap app-break-words app-mail-text" id="mail-text">
          {mail.body}
        </div>
      </div>
    </div>
  );
}
