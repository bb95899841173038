/**
 * A labelled one-line field (text, date or number; a date is the locale-following DateInput) with its help and error lines wired to it,
 * so each form does not repeat the label/help/error plumbing.
 */
import Textfield from '@atlaskit/textfield';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { textLength } from '../../domain/rules/text';
import { CharacterCount, isNearLimit } from './CharacterCount';
import { useTranslator } from '../i18n';
import { describedBy, FieldError, FieldHelp, FieldLabel } from './Field';
import { DateInput } from './DateInput';

function overLimit(value: string, max: number): boolean {
  return textLength(value) > max;
}

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
  /**
   * The text's limit: a count shows near it and turns red past it; nothing is ever cut (the
   * form's checks refuse a text over it, with the field's message).
   */
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
  const counted =
    props.maxLength !== undefined && isNearLimit(props.value, props.maxLength)
      ? props.maxLength
      : undefined;
  const countId = counted === undefined ? undefined : `${props.id}-count`;
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
        {props.type === 'date' ? (
          <DateInput
            id={props.id}
            value={props.value}
            onChange={props.onChange}
            invalid={Boolean(props.error)}
            describedBy={describedBy(helpId, errorId)}
            disabled={props.disabled ?? false}
          />
        ) : (
          <Textfield
            id={props.id}
            type={props.type ?? 'text'}
            value={props.value}
            isDisabled={props.disabled ?? false}
            isInvalid={
              Boolean(props.error) || (counted !== undefined && overLimit(props.value, counted))
            }
            aria-describedby={describedBy(helpId, countId, errorId)}
            {...(props.min === undefined ? {} : { min: props.min })}
            {...(props.max === undefined ? {} : { max: props.max })}
            {...(props.step === undefined ? {} : { step: props.step })}
            {...(props.placeholder === undefined ? {} : { placeholder: props.placeholder })}
            {...(props.inputMode === undefined ? {} : { inputMode: props.inputMode })}
            onChange={(event) => {
              props.onChange(event.currentTarget.value);
            }}
          />
        )}
      </div>
      {counted === undefined ? (
        <FieldError id={`${props.id}-error`} text={props.error} />
      ) : (
        <Inline space="space.100" spread="space-between" alignBlock="start">
          <FieldError id={`${props.id}-error`} text={props.error} />
          <CharacterCount id={`${props.id}-count`} value={props.value} max={counted} />
        </Inline>
      )}
    </Stack>
  );
}
