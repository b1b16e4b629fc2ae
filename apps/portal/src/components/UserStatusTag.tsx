import { USER_STATUS_LABELS, type UserStatus } from '@csc-workforce/schemas';

const COLOURS: { readonly [K in UserStatus]: string } = {
  active: 'govuk-tag--green',
  invited: 'govuk-tag--blue',
  deactivated: 'govuk-tag--grey',
};

/** A user's standing as a GOV.UK tag. */
export function UserStatusTag({ status }: { readonly status: UserStatus }) {
  return <strong className={`govuk-tag ${COLOURS[status]}`}>{USER_STATUS_LABELS[status]}</strong>;
}
