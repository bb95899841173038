/**
 * A labelled multi-line field with a live character count against its limit. It does not cut
 * the text at the limit (a paste would lose its end silently): it says how much is too much.
 * The count is the text's length as stored (domain/rules/text.ts), the one the limit applies to.
 */
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { textLength } from '../../domain/rules/text';
import { useTranslator } from '../i18n';
import { CharacterCount } from './CharacterCount';
import { describedBy, FieldError, FieldHelp, FieldLabel } from './Field';

export function TextArea(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  max: number;
  help?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  rows?: number;
  disabled?: boolean;
}) {
  const { t } = useTranslator();
  const over = textLength(props.value, true) - props.max;
  return (
    <Stack space="space.050">
      <FieldLabel
        htmlFor={props.id}
        {...(props.optional ? { optional: t('common.optional') } : {})}
      >
        {props.label}
      </FieldLabel>
      {props.help ? <FieldHelp id={`${props.id}-help`}>{props.help}</FieldHelp> : null}
      <textarea
        id={props.id}
        className="rc-textarea"
        rows={props.rows ?? 3}
        value={props.value}
        disabled={props.disabled ?? false}
        aria-invalid={Boolean(props.error) || over > 0}
        aria-describedby={describedBy(
          props.help && `${props.id}-help`,
          `${props.id}-count`,
          props.error && `${props.id}-error`,
        )}
        onChange={(event) => {
          props.onChange(event.currentTarget.value);
        }}
      />
      <Inline space="space.100" spread="space-between" alignBlock="start">
        <FieldError id={`${props.id}-error`} text={props.error} />
        <CharacterCount id={`${props.id}-count`} value={props.value} max={props.max} multiline />
      </Inline>
    </Stack>
  );
}
