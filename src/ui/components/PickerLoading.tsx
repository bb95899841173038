/**
 * What a picker shows while its select loads (a chunk fetched when the form first shows it): a
 * field of the select's size, not editable yet, under the same id so its label still names it.
 */
import { useTranslator } from '../i18n';
import './picker.css';

export function PickerLoading(props: {
  inputId: string;
  describedBy?: string | undefined;
  /** The accessible name, where no visible label names the field. */
  label?: string | undefined;
  compact?: boolean;
}) {
  const { t } = useTranslator();
  return (
    <input
      id={props.inputId}
      className={
        props.compact ? 'rc-picker-loading rc-picker-loading-compact' : 'rc-picker-loading'
      }
      {...(props.label ? { 'aria-label': props.label } : {})}
      placeholder={t('common.loading')}
      aria-busy="true"
      {...(props.describedBy ? { 'aria-describedby': props.describedBy } : {})}
      disabled
    />
  );
}

/** The stand-in of a date or time field while its picker loads, under the field's own id. */
export function FieldStandIn(props: {
  id: string;
  describedBy?: string | undefined;
  label?: string | undefined;
  compact?: boolean | undefined;
}) {
  return (
    <PickerLoading
      inputId={props.id}
      describedBy={props.describedBy}
      label={props.label}
      compact={props.compact ?? false}
    />
  );
}
