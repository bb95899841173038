/**
 * What a picker shows while its select loads (a chunk fetched when the form first shows it): a
 * field of the select's size, not editable yet, under the same id so its label still names it.
 */
import { useTranslator } from '../i18n';
import './picker.css';

export function PickerLoading(props: { inputId: string; describedBy?: string | undefined }) {
  const { t } = useTranslator();
  return (
    <input
      id={props.inputId}
      className="rc-picker-loading"
      placeholder={t('common.loading')}
      aria-busy="true"
      {...(props.describedBy ? { 'aria-describedby': props.describedBy } : {})}
      disabled
    />
  );
}
