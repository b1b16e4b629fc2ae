/** /admin/authorities/new: add a local authority with its ONS code, name and region (DESIGN section 3). */
import { newAuthoritySchema } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { regionsQuery, useAddAuthority } from '../../api/admin';
import { useFormErrors } from '../../components/FormErrors';
import { SelectField, TextField } from '../../components/FormFields';
import { usePageTitle } from '../../lib/usePageTitle';

type Field = 'code' | 'name' | 'regionCode' | 'oldLaCode';
const FIELDS: readonly Field[] = ['code', 'name', 'regionCode', 'oldLaCode'];

export function AddAuthorityPage() {
  const regions = useSuspenseQuery(regionsQuery()).data;
  const add = useAddAuthority();
  const navigate = useNavigate();
  const [values, setValues] = useState({ code: '', name: '', regionCode: '', oldLaCode: '' });
  const form = useFormErrors(FIELDS);
  const { errors } = form;
  usePageTitle('Add an authority', { error: form.failed });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (add.isPending) return;
    const checked = form.check(
      newAuthoritySchema.safeParse({
        code: values.code.trim().toUpperCase(),
        name: values.name,
        regionCode: values.regionCode || undefined,
        oldLaCode: values.oldLaCode.trim() || null,
      }),
      values.regionCode ? {} : { regionCode: 'Choose the region of the authority' },
    );
    if (!checked) return;
    add.mutate(
      checked,
      form.handlers(
        (authority) =>
          void navigate({
            to: '/admin/authorities/$code',
            params: { code: authority.code },
            search: { done: 'added' },
          }),
      ),
    );
  };
  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/admin/authorities" className="govuk-back-link">
          Back to local authorities
        </Link>
        {form.summary}
        <h1 className="govuk-heading-l">Add an authority</h1>
        <form onSubmit={onSubmit} noValidate>
          <TextField
            id="code"
            label="ONS code"
            hint="E06, E07, E08, E09 or E10 then 6 digits, like E06000062"
            width="govuk-input--width-10"
            spellCheck={false}
            value={values.code}
            error={errors.code}
            onChange={set('code')}
          />
          <TextField
            id="name"
            label="Name"
            width="govuk-!-width-two-thirds"
            value={values.name}
            error={errors.name}
            onChange={set('name')}
          />
          <SelectField
            id="regionCode"
            label="Region"
            placeholder="Choose a region"
            value={values.regionCode}
            options={regions.map((r) => ({ value: r.code, label: r.name }))}
            error={errors.regionCode}
            onChange={set('regionCode')}
          />
          <TextField
            id="oldLaCode"
            label="DfE's 3-digit code (optional)"
            hint="The code of the DfE's statistics, like 941"
            width="govuk-input--width-4"
            spellCheck={false}
            value={values.oldLaCode}
            error={errors.oldLaCode}
            onChange={set('oldLaCode')}
          />
          <button type="submit" className="govuk-button" disabled={add.isPending} aria-disabled={add.isPending}>
            Add the authority
          </button>
        </form>
      </div>
    </div>
  );
}
