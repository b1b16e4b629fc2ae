/**
 * /admin/authorities/$code: one local authority, with its returns and users; rename it, retire it
 * (its returns are kept; it leaves comparisons and collections) or bring it back.
 */
import { authorityChangeSchema } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { adminAuthorityQuery, useChangeAuthority } from '../../api/admin';
import { useFormErrors } from '../../components/FormErrors';
import { TextField } from '../../components/FormFields';
import { useOutcome } from '../../components/Outcome';
import { WarningText } from '../../components/WarningText';
import { formatDateTime, formerCodeText, plural } from '../../lib/text';
import { usePageTitle } from '../../lib/usePageTitle';

const route = getRouteApi('/signed-in/admin/authorities/$code');

const DONE_TEXT = {
  added: 'Authority added',
  renamed: 'Authority renamed',
  retired: 'Authority retired',
  reinstated: 'Authority back in use',
} as const;
type Done = keyof typeof DONE_TEXT;

export function AuthorityPage() {
  const { code } = route.useParams();
  const search = route.useSearch();
  const authority = useSuspenseQuery(adminAuthorityQuery(code)).data;
  const change = useChangeAuthority(code);
  const [name, setName] = useState(authority.name);
  const form = useFormErrors(['name'] as const);
  const outcome = useOutcome<Done>(search.done);
  usePageTitle(authority.name, { error: form.failed || outcome.failed });

  const onRename = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    const checked = form.check(authorityChangeSchema.safeParse({ name }));
    if (checked)
      change.mutate(
        checked,
        form.handlers(() => outcome.succeed('renamed')),
      );
  };
  const setRetired = (retired: boolean) => {
    if (change.isPending) return;
    change.mutate(
      { retired },
      { onSuccess: () => outcome.succeed(retired ? 'retired' : 'reinstated'), onError: outcome.fail },
    );
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/admin/authorities" className="govuk-back-link">
          Back to local authorities
        </Link>
        {form.summary}
        {outcome.render((done) => ({
          heading: DONE_TEXT[done],
          body:
            done === 'retired'
              ? `${authority.name} no longer appears in comparisons or collections. Its returns are kept as they are.`
              : `${authority.name} is in every list of authorities now.`,
        }))}
        <span className="govuk-caption-l">{authority.regionName}</span>
        <h1 className="govuk-heading-l">{authority.name}</h1>
        <dl className="govuk-summary-list">
          {(
            [
              ['ONS code', authority.code],
              ...(authority.formerCodes.length > 0
                ? ([
                    [
                      authority.formerCodes.length === 1 ? 'Former ONS code' : 'Former ONS codes',
                      <ul className="govuk-list" key="former">
                        {authority.formerCodes.map((span) => (
                          <li key={span.code}>{formerCodeText(span)}</li>
                        ))}
                      </ul>,
                    ],
                  ] as const)
                : []),
              ["DfE's code", authority.oldLaCode ?? 'None'],
              ['Region', authority.regionName],
              ['Status', authority.retiredAt ? `Retired on ${formatDateTime(authority.retiredAt)}` : 'In use'],
              ['Returns', plural(authority.returns, 'return')],
            ] as const
          ).map(([label, value]) => (
            <div className="govuk-summary-list__row" key={label}>
              <dt className="govuk-summary-list__key">{label}</dt>
              <dd className="govuk-summary-list__value">{value}</dd>
            </div>
          ))}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Users</dt>
            <dd className="govuk-summary-list__value">
              <Link to="/admin/users" search={{ authority: authority.code }} className="govuk-link">
                {plural(authority.users, 'user')}
                <span className="govuk-visually-hidden"> of {authority.name}</span>
              </Link>
            </dd>
          </div>
        </dl>
        <form onSubmit={onRename} noValidate>
          <h2 className="govuk-heading-m">Rename</h2>
          <TextField
            id="name"
            label="Name"
            width="govuk-!-width-two-thirds"
            value={name}
            error={form.errors.name}
            onChange={setName}
          />
          <button type="submit" className="govuk-button" disabled={change.isPending} aria-disabled={change.isPending}>
            Save the name
          </button>
        </form>
        <h2 className="govuk-heading-m">{authority.retired ? 'Bring back into use' : 'Retire'}</h2>
        {authority.retired ? (
          <>
            <p className="govuk-body">
              Bringing {authority.name} back puts it in comparisons and collections again, lets its users change its
              returns, and lets users be invited to it.
            </p>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={change.isPending}
              onClick={() => setRetired(false)}
            >
              Bring back into use
            </button>
          </>
        ) : (
          <>
            <p className="govuk-body">
              Retire an authority that no longer exists, for example after a reorganisation. Its returns are kept and
              can still be read, but no longer changed; it leaves comparisons and collections, and no new users can be
              invited to it.
            </p>
            {authority.users > 0 ? (
              <WarningText>
                {plural(authority.users, 'user')} still {authority.users === 1 ? 'belongs' : 'belong'} to{' '}
                {authority.name}: move or deactivate them.
              </WarningText>
            ) : null}
            <button
              type="button"
              className="govuk-button govuk-button--warning"
              disabled={change.isPending}
              onClick={() => setRetired(true)}
            >
              Retire {authority.name}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
