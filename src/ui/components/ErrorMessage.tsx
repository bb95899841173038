import SectionMessage from '@atlaskit/section-message';
import Button from '@atlaskit/button/new';
import type { AppError } from '../../contract';
import { useTranslator } from '../i18n';

/** The user's-language text for a coded error (the English message is for logs). */
export function useErrorText(): (error: AppError) => string {
  const { t } = useTranslator();
  return (error) => {
    const text = t(error.messageKey, error.params);
    return text === error.messageKey ? t(`errorCodes.${error.code}`) : text;
  };
}

export function ErrorMessage(props: { error: AppError; onRetry?: () => void; title?: string }) {
  const { t } = useTranslator();
  const text = useErrorText();
  const retry = props.onRetry;
  return (
    <SectionMessage
      appearance={
        props.error.code === 'CONFLICT' || props.error.code === 'VALIDATION' ? 'warning' : 'error'
      }
      {...(props.title ? { title: props.title } : {})}
    >
      <p>{text(props.error)}</p>
      {retry ? (
        <Button appearance="default" onClick={retry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </SectionMessage>
  );
}
