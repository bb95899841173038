/**
 * The weekly digest on the anchor's Rollout panel: a head or a sponsor turns their own e-mail off
 * or back on (the digest's opt-out link brings them here); the coordinator (or a Jira admin) picks
 * the day or turns the digest off for everyone. Loaded after the panel, with its own call.
 */
import { useCallback, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import type { AppError, DigestView } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { toOption, type UserOption } from '../../components/UserPicker';
import { PeopleChooser } from '../../components/PeopleChooser';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { DIGEST_SPONSORS_MAX } from '../../../domain/limits';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: DigestView; saving: boolean; error: AppError | null };

export function DigestSection() {
  const { t } = useTranslator();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [draft, setDraft] = useState<{
    enabled: boolean;
    weekday: number;
    sponsors: UserOption[];
  } | null>(null);
  const draftOf = (view: DigestView) => ({
    enabled: view.enabled,
    weekday: view.weekday,
    sponsors: view.sponsors.map(toOption),
  });

  const load = useCallback(() => {
    setState({ status: 'loading' });
    void call('digest/get', {}).then((answer) => {
      if (answer.ok) {
        setState({ status: 'ready', view: answer.data, saving: false, error: null });
        setDraft(draftOf(answer.data));
      } else setState({ status: 'failed', error: answer.error });
    });
  }, []);
  useEffect(load, [load]);

  if (state.status === 'loading') return <Loading label={t('digest.loading')} />;
  if (state.status === 'failed') return <ErrorMessage error={state.error} onRetry={load} />;
  const { view } = state;
  if (!view.isRecipient && !view.canManage) return null;

  const settle = (answer: Awaited<ReturnType<typeof call<'digest/get'>>>) => {
    if (answer.ok) {
      setState({ status: 'ready', view: answer.data, saving: false, error: null });
      setDraft(draftOf(answer.data));
    } else setState({ ...state, saving: false, error: answer.error });
  };
  const subscribe = (subscribed: boolean) => {
    setState({ ...state, saving: true, error: null });
    void call('digest/subscribe', { subscribed }).then(settle);
  };
  const save = () => {
    if (!draft) return;
    setState({ ...state, saving: true, error: null });
    void call('digest/update', {
      enabled: draft.enabled,
      weekday: draft.weekday,
      sponsorAccountIds: draft.sponsors.map((s) => s.value),
      version: view.version,
    }).then(settle);
  };
  const changed =
    draft !== null &&
    (draft.enabled !== view.enabled ||
      draft.weekday !== view.weekday ||
      draft.sponsors.map((s) => s.value).join() !== view.sponsors.map((s) => s.accountId).join());

  return (
    <section className="rc-digest" aria-label={t('digest.title')}>
      <p className="rc-digest-summary">
        {view.enabled
          ? t('digest.summary', { day: t(`digest.weekdays.${String(view.weekday)}`) })
          : t('digest.off')}
      </p>
      {view.isRecipient ? (
        <label className="rc-digest-row">
          <input
            type="checkbox"
            checked={view.subscribed}
            disabled={state.saving}
            onChange={(event) => {
              subscribe(event.target.checked);
            }}
          />{' '}
          {t('digest.subscribed')}
        </label>
      ) : null}
      {view.canManage && draft ? (
        <div className="rc-digest-manage">
          <label className="rc-digest-row">
            <input
              type="checkbox"
              checked={draft.enabled}
              disabled={state.saving}
              onChange={(event) => {
                setDraft({ ...draft, enabled: event.target.checked });
              }}
            />{' '}
            {t('digest.enabled')}
          </label>
          <div className="rc-digest-row">
            <label htmlFor="rc-digest-weekday">{t('digest.weekday')}</label>
            <div className="rc-digest-weekday">
              <ChoiceSelect
                inputId="rc-digest-weekday"
                label={t('digest.weekday')}
                compact
                options={WEEKDAYS.map((day) => ({
                  value: String(day),
                  label: t(`digest.weekdays.${String(day)}`),
                }))}
                value={String(draft.weekday)}
                disabled={state.saving || !draft.enabled}
                onChange={(day) => {
                  setDraft({ ...draft, weekday: Number(day) });
                }}
              />
            </div>
          </div>
          <div className="rc-digest-sponsors">
            <label htmlFor="rc-digest-sponsor">{t('digest.sponsors.label')}</label>
            <PeopleChooser
              inputId="rc-digest-sponsor"
              label={t('digest.sponsors.label')}
              addLabel={t('digest.sponsors.add')}
              removeLabel={(name) => t('digest.sponsors.remove', { name })}
              people={draft.sponsors}
              max={DIGEST_SPONSORS_MAX}
              onChange={(sponsors) => {
                setDraft({ ...draft, sponsors });
              }}
              disabled={state.saving}
              describedBy="rc-digest-sponsor-help"
            />
            <p id="rc-digest-sponsor-help" className="rc-digest-help">
              {t('digest.sponsors.help', { max: DIGEST_SPONSORS_MAX })}
            </p>
          </div>
          <Button
            appearance="primary"
            isDisabled={!changed}
            isLoading={state.saving}
            onClick={save}
          >
            {t('digest.save')}
          </Button>
        </div>
      ) : null}
      {state.error ? <ErrorMessage error={state.error} /> : null}
    </section>
  );
}
