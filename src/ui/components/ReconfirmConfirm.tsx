/**
 * The confirmation both "Edit plan" forms (the Jira panel's and the strategy's) show before an
 * edit of an approved plan opens a new round: the backend refused it with
 * `errors.rollout.confirmReconfirmation`, listing each department asked again, who approves for
 * it and what changed for it; confirming sends the same edit again, confirmed.
 */
import { useEffect, useRef } from 'react';
import { Button } from './light/Button';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import type { AppError, ReconfirmItem } from '../../contract';
import { useTranslator } from '../i18n';
import { SectionMessage } from './SectionMessage';

/** The departments an answer asks to confirm, or undefined when it is another error. */
export function reconfirmationAsked(error: AppError): ReconfirmItem[] | undefined {
  if (error.messageKey !== 'errors.rollout.confirmReconfirmation') return undefined;
  return error.details?.reconfirm ?? [];
}

export function ReconfirmConfirm(props: {
  items: readonly ReconfirmItem[];
  busy: boolean;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslator();
  const ref = useRef<HTMLDivElement>(null);
  // Focus moves to the question, so keyboard and screen-reader users meet it where it appears.
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} role="alertdialog" aria-labelledby="rc-reconfirm-title">
      <SectionMessage
        appearance="warning"
        title={t('plan.reconfirm.title', { count: props.items.length })}
      >
        <Stack space="space.100">
          <p id="rc-reconfirm-title">{t('errors.rollout.confirmReconfirmation')}</p>
          <ul aria-label={t('plan.reconfirm.listLabel')}>
            {props.items.map((item) => (
              <li key={item.department}>
                <strong>{item.department}</strong>
                {' · '}
                {t('plan.reconfirm.asked', { names: item.approvers.join(', ') })}
                {item.changes.length > 0 ? (
                  <ul aria-label={t('plan.reconfirm.changes', { department: item.department })}>
                    {item.changes.map((change) => (
                      <li key={change}>{change}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
          <Inline space="space.100">
            <Button appearance="warning" isLoading={props.busy} onClick={props.onConfirm}>
              {t('plan.reconfirm.confirm')}
            </Button>
            <Button appearance="subtle" isDisabled={props.busy} onClick={props.onBack}>
              {t('plan.reconfirm.back')}
            </Button>
          </Inline>
        </Stack>
      </SectionMessage>
    </div>
  );
}
