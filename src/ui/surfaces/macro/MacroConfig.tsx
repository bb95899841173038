/**
 * The Rollout status macro's settings (its Custom UI config frame): which rollout it shows.
 * "Automatic" keeps it bound to the rollout whose strategy page holds it (what a page made from
 * the template wants); otherwise one of the space's strategies. Saved with `view.submit`, which
 * Forge expects as `{ config: {...} }`: the config becomes the macro's `extension.config`.
 * Drawn without Atlaskit's runtime, as the macro itself (components/light, decision 0033).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { view } from '@forge/bridge';
import type { AppError, StrategySummary } from '../../../contract';
import type { AppContext } from '../../context';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { LazyErrorMessage as ErrorMessage } from '../../components/LazyErrorMessage';
import { Button } from '../../components/light/Button';
import { Lozenge } from '../../components/light/Lozenge';
import { Loading } from '../../components/light/Spinner';
import { Heading, Inline, Stack, Text } from '../../components/light/Text';
import { formatDay } from '../../components/dates';
import { STATE_APPEARANCE, stateLabel } from '../../components/words';
import '../../components/form.css';
import './macro.css';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; rollouts: StrategySummary[] };

/** The rollout the macro is bound to now ('' for automatic), from the macro's saved config. */
function currentRolloutId(context: AppContext): string {
  const config = context.extension.config;
  if (typeof config !== 'object' || config === null || !('rolloutId' in config)) return '';
  const value: unknown = config.rolloutId;
  return typeof value === 'string' ? value : '';
}

export default function MacroConfig(props: { context: AppContext }) {
  const { t, locale } = useTranslator();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [chosen, setChosen] = useState(() => currentRolloutId(props.context));
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState(false);

  const fetchOptions = useCallback(async (): Promise<void> => {
    const answer = await call('macro/options', {});
    setLoad(
      answer.ok
        ? { status: 'ready', rollouts: answer.data.rollouts }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void fetchOptions();
  }, [fetchOptions]);

  const save = async (): Promise<void> => {
    setBusy(true);
    setSubmitError(false);
    try {
      await view.submit({ config: chosen === '' ? {} : { rolloutId: chosen } });
    } catch {
      // The product refused the config (or the frame is not a config view): say so, keep the choice.
      setSubmitError(true);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!busy) void save();
  };

  if (load.status === 'loading') return <Loading label={t('macro.config.loading')} />;
  if (load.status === 'failed') {
    return (
      <div className="rc-mc-config">
        <ErrorMessage
          title={t('macro.config.loadFailed')}
          error={load.error}
          onRetry={() => {
            setLoad({ status: 'loading' });
            void fetchOptions();
          }}
        />
      </div>
    );
  }

  const options: { id: string; rollout: StrategySummary | null }[] = [
    { id: '', rollout: null },
    ...load.rollouts.map((rollout) => ({ id: rollout.rolloutId, rollout })),
  ];
  return (
    <div className="rc-mc-config">
      <form noValidate onSubmit={onSubmit} aria-labelledby="macro-config-title">
        <Stack space="space.200">
          <Heading as="h1" id="macro-config-title">
            {t('macro.config.title')}
          </Heading>
          <fieldset className="rc-fieldset">
            <legend className="rc-legend">{t('macro.config.legend')}</legend>
            <ul className="rc-mc-options">
              {options.map(({ id, rollout }) => {
                const inputId = `macro-rollout-${id || 'automatic'}`;
                return (
                  <li
                    key={id || 'automatic'}
                    className={chosen === id ? 'rc-mc-option rc-mc-option-chosen' : 'rc-mc-option'}
                  >
                    <input
                      type="radio"
                      className="rc-radio"
                      name="macro-rollout"
                      id={inputId}
                      value={id}
                      checked={chosen === id}
                      aria-describedby={`${inputId}-details`}
                      onChange={() => {
                        setChosen(id);
                      }}
                    />
                    <label htmlFor={inputId}>
                      <Text weight="medium">
                        {rollout ? rollout.title : t('macro.config.automatic')}
                      </Text>
                      <span id={`${inputId}-details`}>
                        {rollout ? (
                          <Inline space="space.075" alignBlock="center" shouldWrap>
                            <Lozenge appearance={STATE_APPEARANCE[rollout.approvalState]}>
                              {stateLabel(t, rollout.approvalState)}
                            </Lozenge>
                            <Text size="small" color="color.text.subtle">
                              {t('macro.config.details', {
                                key: rollout.issueKey,
                                date: formatDay(locale, rollout.targetDate),
                              })}
                            </Text>
                          </Inline>
                        ) : (
                          <Text size="small" color="color.text.subtle">
                            {t('macro.config.automaticHelp')}
                          </Text>
                        )}
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
          {load.rollouts.length === 0 ? (
            <Text color="color.text.subtle">{t('macro.config.none')}</Text>
          ) : null}
          {submitError ? (
            <div role="alert">
              <Text color="color.text.danger">{t('macro.config.submitFailed')}</Text>
            </div>
          ) : null}
          <Inline space="space.100">
            <Button appearance="primary" type="submit" isLoading={busy}>
              {t('macro.config.save')}
            </Button>
            <Button
              appearance="subtle"
              isDisabled={busy}
              onClick={() => {
                void view.close().catch(() => undefined);
              }}
            >
              {t('common.cancel')}
            </Button>
          </Inline>
        </Stack>
      </form>
    </div>
  );
}
