/**
 * How much of a text limit is used, for every field with one: a form never cuts what is typed
 * or pasted (the end would be lost without a word), it says how much is too much, and the
 * form's checks refuse it. One-line fields show the count only near the limit (`from`).
 * The count is the text's length as stored (domain/rules/text.ts), the one the limit applies to.
 */
import { Text } from '@atlaskit/primitives/compiled/text';
import { textLength } from '../../domain/rules/text';
import { useTranslator } from '../i18n';

/** Where a one-line field starts showing its count: the last fifth of its limit. */
export const NEAR_LIMIT = 0.8;

export function isNearLimit(value: string, max: number, multiline = false): boolean {
  return textLength(value, multiline) >= Math.floor(max * NEAR_LIMIT);
}

export function CharacterCount(props: {
  id: string;
  value: string;
  max: number;
  multiline?: boolean;
}) {
  const { t, locale } = useTranslator();
  const number = new Intl.NumberFormat(locale);
  const length = textLength(props.value, props.multiline ?? false);
  const over = length - props.max;
  return (
    <span id={props.id} className="rc-count" {...(over > 0 ? { 'aria-live': 'polite' } : {})}>
      <Text size="small" color={over > 0 ? 'color.text.danger' : 'color.text.subtlest'}>
        {over > 0
          ? t('common.charactersOver', { over, max: number.format(props.max) })
          : t('common.characters', {
              count: number.format(length),
              max: number.format(props.max),
            })}
      </Text>
    </span>
  );
}

/** The count of a compact one-line field (a table cell, a list item): only near its limit. */
export function NearLimitCount(props: { id: string; value: string; max: number }) {
  if (!isNearLimit(props.value, props.max)) return null;
  return <CharacterCount id={props.id} value={props.value} max={props.max} />;
}
