/**
 * A labelled one-line field (text, date or number) with its help and error lines wired to it,
 * so each form does not repeat the label/help/error plumbing.
 */
import Textfield from '@atlaskit/textfield';
import { Stack } from '@atlaskit/primitives';
import { useTranslator } from '../i18n';
import { describedBy, FieldError, FieldHelp, FieldLabel } from './Field';

export function InputField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  help?: string | undefined;
  type?: 'text' | 'date' | 'number';
  optional?: boolean;
  /** How wide the input is: a date or a short number does not need the whole line. */
  size?: 'full' | 'date' | 'number';
  maxLength?: number;
  min?: number;
  max?: number;
  step?: number | 'any';
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal';
  disabled?: boolean;
}) {
  const { t } = useTranslator();
  const helpId = props.help ? `${props.id}-help` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  return (
    <Stack space="space.050">
      <FieldLabel
        htmlFor={props.id}
        {...(props.optional ? { optional: t('common.optional') } : {})}
      >
        {props.label}
      </FieldLabel>
      {props.help ? <FieldHelp id={`${props.id}-help`}>{props.help}</FieldHelp> : null}
      <div className={`rc-input rc-input-${props.size ?? 'full'}`}>
        <Textfield
          id={props.id}
          type={props.type ?? 'text'}
          value={props.value}
          isInvalid={Boolean(props.error)}
          isDisabled={props.disabled ?? false}
          aria-describedby={describedBy(helpId, errorId)}
          {...(props.maxLength === undefined ? {} : { maxLength: props.maxLength })}
          {...(props.min === undefined ? {} : { min: props.min })}
          {...(props.max === undefined ? {} : { max: props.max })}
          {...(props.step === undefined ? {} : { step: props.step })}
          {...(props.placeholder === undefined ? {} : { placeholder: props.placeholder })}
          {...(props.inputMode === undefined ? {} : { inputMode: props.inputMode })}
          onChange={(event) => {
            props.onChange(event.currentTarget.value);
          }}
        />
      </div>
      <FieldError id={`${props.id}-error`} text={props.error} />
    </Stack>
  );
}
