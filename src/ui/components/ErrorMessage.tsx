import { SectionMessage } from './SectionMessage';
import { Button } from './light/Button';
import type { AppError } from '../../contract';
import { useErrorTexts, useTranslator } from '../i18n';

/**
 * The user's-language text for a coded error (the English message is for logs). The catalogue of
 * errors loads on demand (`call` fetches it with a failure); this fetches it too, and re-renders.
 */
export function useErrorText(): (error: AppError) => string {
  const { t } = useTranslator();
  useErrorTexts();
  return (error) => {
    const text = t(error.messageKey, error.params);
    return text === error.messageKey ? t(`errorCodes.${error.code}`) : text;
  };
}

/**
 * An installation that does not reach Jira is a setup step still to do, not a failure of the
 * screen: it gets its own title, whatever the screen was loading.
 */
const SETUP_TITLES: Readonly<Record<string, string>> = {
  'errors.jira.notConnected': 'errors.jira.notConnectedTitle',
};

export function ErrorMessage(props: { error: AppError; onRetry?: () => void; title?: string }) {
  const { t } = useTranslator();
  const text = useErrorText();
  const retry = props.onRetry;
  const setupTitle = SETUP_TITLES[props.error.messageKey];
  const title = setupTitle === undefined ? props.title : t(setupTitle);
  const warning =
    setupTitle !== undefined ||
    props.error.code === 'CONFLICT' ||
    props.error.code === 'VALIDATION';
  return (
    <SectionMessage appearance={warning ? 'warning' : 'error'} {...(title ? { title } : {})}>
      <p>{text(props.error)}</p>
      {retry ? (
        <Button appearance="default" onClick={retry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </SectionMessage>
  );
}
