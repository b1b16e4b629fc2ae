import { useId, useState } from 'react';
import { SelectField } from './FormFields';

/**
 * GOV.UK's pattern for choosing what a page shows: a select and a "Show" button, the choice made on
 * submit (a quarter, an authority, a measure), so that moving through the options changes nothing.
 */
export function ChoicePicker({
  label,
  options,
  current,
  onChoose,
}: {
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly current: string;
  readonly onChoose: (value: string) => void;
}) {
  const id = useId();
  const [value, setValue] = useState(current);
  return (
    <form
      className="app-period-picker"
      onSubmit={(event) => {
        event.preventDefault();
        onChoose(value);
      }}
    >
      <SelectField
        id={id}
        label={label}
        size="body"
        value={value}
        options={options}
        onChange={setValue}
        after={
          <button type="submit" className="govuk-button govuk-button--secondary app-inline-button">
            Show
          </button>
        }
      />
    </form>
  );
}
