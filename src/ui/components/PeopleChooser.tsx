/**
 * People chosen one at a time (a department's supervisors, a digest's sponsors): each shows as a
 * chip with its remove button, and a user picker adds one until `max` are chosen.
 */
import Button from '@atlaskit/button/new';
import { UserPicker, type UserOption } from './UserPicker';
import './chips.css';

export interface PeopleChooserProps {
  inputId: string;
  /** Names the list of chosen people. */
  label: string;
  /** Names the picker that adds one. */
  addLabel: string;
  removeLabel: (name: string) => string;
  people: UserOption[];
  max: number;
  onChange: (people: UserOption[]) => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}

export function PeopleChooser(props: PeopleChooserProps) {
  const { people, onChange } = props;
  return (
    <>
      {people.length > 0 ? (
        <ul className="rc-chips" aria-label={props.label}>
          {people.map((person) => (
            <li key={person.value} className="rc-chip">
              <span>{person.label}</span>
              <Button
                appearance="subtle"
                spacing="compact"
                isDisabled={props.disabled ?? false}
                aria-label={props.removeLabel(person.label)}
                onClick={() => {
                  onChange(people.filter((p) => p.value !== person.value));
                }}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {people.length < props.max ? (
        <UserPicker
          inputId={props.inputId}
          label={props.addLabel}
          value={null}
          onChange={(picked) => {
            if (!picked || people.some((p) => p.value === picked.value)) return;
            onChange([...people, picked]);
          }}
          invalid={props.invalid ?? false}
          {...(props.describedBy === undefined ? {} : { describedBy: props.describedBy })}
        />
      ) : null}
    </>
  );
}
