/** /admin/outbox/$id: one e-mail with its whole text, as the recipient reads it, and how its delivery went. */
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { mailQuery, useRevealLink } from '../../api/admin';
import { problemText } from '../../components/Outcome';
import { SummaryList } from '../../components/SummaryList';
import { MAIL_KIND_LABELS, MAIL_STATUS_LABELS } from '../../lib/outbox';
import { formatDateTime } from '../../lib/text';
import { usePageTitle } from '../../lib/usePageTitle';

const route = getRouteApi('/signed-in/admin/outbox/$id');

/** A revealed link, focused as it replaces the button that revealed it (so that focus is not lost). */
function RevealedLink({ link }: { readonly link: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="govuk-inset-text app-break-words" id="revealed-link" tabIndex={-1} ref={ref}>
      {link}
    </div>
  );
}

/** The link of a kept password-reset mail, revealed on request (audited) to pass on to its recipient. */
function RevealLink({ id, to }: { readonly id: number; readonly to: string }) {
  const reveal = useRevealLink(id);
  return (
    <>
      <h2 className="govuk-heading-m">The link</h2>
      {reveal.isSuccess ? (
        <RevealedLink link={reveal.data.link} />
      ) : (
        <>
          <p className="govuk-body">
            This exchange sends no email, so the link to choose a new password is withheld above. Reveal it to pass it
            on to {to} only, in person or by a channel you trust: whoever holds it can choose their password until it is
            used or expires. The audit log records that you read it.
          </p>
          <button type="button" className="govuk-button" disabled={reveal.isPending} onClick={() => reveal.mutate()}>
            Reveal the link
          </button>
          {reveal.isError ? (
            <p className="govuk-error-message" role="alert">
              <span className="govuk-visually-hidden">Error:</span> {problemText(reveal.error)}
            </p>
          ) : null}
        </>
      )}
    </>
  );
}

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
        <SummaryList rows={rows} valueClassName="app-break-words" />
        <h2 className="govuk-heading-m">Text</h2>
        <div className="govuk-inset-text app-pre-wrap app-break-words app-mail-text" id="mail-text">
          {mail.body}
        </div>
        {mail.kind === 'password-reset' && mail.status === 'kept' ? <RevealLink id={mail.id} to={mail.to} /> : null}
      </div>
    </div>
  );
}
