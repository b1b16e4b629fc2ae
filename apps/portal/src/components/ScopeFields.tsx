/**
 * A user's role and scope, as GOV.UK radios: choosing an authority role reveals the authority to pick,
 * choosing regional lead the region. What a role does not use is not sent.
 */
import { type Authority, ROLE_LABELS, ROLES, type Role } from '@csc-workforce/schemas';
import type { FieldErrors } from '../lib/admin-form';
import { RadiosField, SelectField } from './FormFields';

export interface ScopeValues {
  readonly role: Role | '';
  readonly authorityCode: string;
  readonly regionCode: string;
}

export type ScopeField = 'role' | 'authorityCode' | 'regionCode';

const ROLE_HINTS: { readonly [K in Role]: string } = {
  authority_submitter: "Enters and submits one authority's returns",
  authority_viewer: "Reads one authority's returns and comparisons",
  regional_lead: 'Runs the collection of a region and reviews its returns',
  admin: 'Manages users, authorities and collection periods',
};

/** The role and scope to send: the authority for authority roles, the region for leads, nothing else. */
export function scopeToSend(values: ScopeValues) {
  const role = values.role || undefined;
  const authority = role === 'authority_submitter' || role === 'authority_viewer';
  return {
    role,
    authorityCode: authority ? values.authorityCode || undefined : null,
    regionCode: role === 'regional_lead' ? values.regionCode || undefined : null,
  };
}

interface ScopeFieldsProps {
  readonly idPrefix: string;
  readonly values: ScopeValues;
  readonly onChange: (values: ScopeValues) => void;
  readonly errors: FieldErrors<ScopeField>;
  readonly authorities: readonly Authority[];
  readonly regions: readonly { code: string; name: string }[];
  readonly legend: string;
}

export function ScopeFields({ idPrefix, values, onChange, errors, authorities, regions, legend }: ScopeFieldsProps) {
  // A retired authority is offered only to keep the one the user has.
  const choosable = authorities.filter((a) => !a.retired || a.code === values.authorityCode);
  const authorityField = (
    <SelectField
      id={`${idPrefix}authorityCode`}
      label="Local authority"
      value={values.authorityCode}
      placeholder="Choose an authority"
      options={choosable.map((a) => ({ value: a.code, label: a.retired ? `${a.name} (retired)` : a.name }))}
      error={errors.authorityCode}
      onChange={(authorityCode) => onChange({ ...values, authorityCode })}
    />
  );
  return (
    <RadiosField
      id={`${idPrefix}role`}
      legend={legend}
      size="m"
      value={values.role}
      error={errors.role}
      onChange={(role) => onChange({ ...values, role: role as Role })}
      options={ROLES.map((role) => ({
        value: role,
        label: ROLE_LABELS[role],
        hint: ROLE_HINTS[role],
        conditional:
          role === 'authority_submitter' || role === 'authority_viewer' ? (
            authorityField
          ) : role === 'regional_lead' ? (
            <SelectField
              id={`${idPrefix}regionCode`}
              label="Region"
              value={values.regionCode}
              placeholder="Choose a region"
              options={regions.map((r) => ({ value: r.code, label: r.name }))}
              error={errors.regionCode}
              onChange={(regionCode) => onChange({ ...values, regionCode })}
            />
          ) : undefined,
      }))}
    />
  );
}
