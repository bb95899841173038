/**
 * The Rollout progress gadget's edit view: which rollouts it follows (up to
 * GADGET_ROLLOUTS_MAX, among those the user may see), which view, and how often Jira refreshes
 * it. Saved with `view.submit` (Jira keeps it as the gadget's configuration, `refresh` in minutes
 * drives its auto-refresh); Cancel closes the edit view.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { view } from '@forge/bridge';
import type { AppError, GadgetOption } from '../../../contract';
import {
  GADGET_REFRESH_MINUTES,
  GADGET_ROLLOUTS_MAX,
  GADGET_VIEWS,
  type GadgetView,
} from '../../../contract/gadget-config';
import type { AppContext } from '../../context';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { readConfig } from './config';
import './gadget.css';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; rollouts: GadgetOption[] };

export default function GadgetEdit(props: { context: AppContext }) {
  const { t } = useTranslator();
  const saved = readConfig(props.context.extension.gadgetConfiguration);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [chosen, setChosen] = useState<string[]>(saved?.rolloutIds ?? []);
  const [shown, setShown] = useState<GadgetView>(saved?.view ?? 'overview');
  const [refresh, setRefresh] = useState<number>(saved?.refresh ?? 0);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  const fetchOptions = useCallback(async (): Promise<void> => {
    const answer = await call('gadget/options', {});
    setLoad(
      answer.ok
        ? { status: 'ready', rollouts: answer.data.rollouts }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void fetchOptions();
  }, [fetchOptions]);

  const toggle = (id: string, on: boolean): void => {
    setProblem('');
    setChosen((current) => (on ? [...current, id] : current.filter((c) => c !== id)));
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy) return;
    if (chosen.length === 0) {
      setProblem(t('errors.gadget.rollouts'));
      return;
    }
    if (chosen.length > GADGET_ROLLOUTS_MAX) {
      setProblem(t('errors.gadget.tooMany', { max: GADGET_ROLLOUTS_MAX }));
      return;
    }
    setBusy(true);
    view
      .submit({ rolloutIds: chosen, view: shown, ...(refresh > 0 ? { refresh } : {}) })
      .catch(() => {
        setBusy(false);
        setProblem(t('gadget.edit.saveFailed'));
      });
  };

  let rollouts;
  if (load.status === 'loading') {
    rollouts = (
      <p className="rc-gd-muted" role="status">
        {t('gadget.edit.loading')}
      </p>
    );
  } else if (load.status === 'failed') {
    rollouts = (
      <div role="alert">
        <p>{t(load.error.messageKey, load.error.params ?? {})}</p>
        <button
          type="button"
          className="rc-gd-button"
          onClick={() => {
            setLoad({ status: 'loading' });
            void fetchOptions();
          }}
        >
          {t('gadget.retry')}
        </button>
      </div>
    );
  } else if (load.rollouts.length === 0) {
    rollouts = <p className="rc-gd-muted">{t('gadget.edit.none')}</p>;
  } else {
    rollouts = (
      <ul className="rc-gd-choices">
        {load.rollouts.map((rollout) => (
          <li key={rollout.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(rollout.id)}
                onChange={(event) => {
                  toggle(rollout.id, event.currentTarget.checked);
                }}
              />{' '}
              {rollout.title} <span className="rc-gd-muted">{rollout.issueKey}</span>
            </label>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <form
      className="rc-gd rc-gd-edit"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="rc-gd-edit-title"
    >
      <h3 id="rc-gd-edit-title" className="rc-gd-title">
        {t('gadget.edit.title')}
      </h3>
      <fieldset aria-describedby="rc-gd-edit-rollouts-help rc-gd-edit-problem">
        <legend>{t('gadget.edit.rollouts')}</legend>
        <p id="rc-gd-edit-rollouts-help" className="rc-gd-muted">
          {t('gadget.edit.rolloutsHelp', { max: GADGET_ROLLOUTS_MAX })}
        </p>
        {rollouts}
      </fieldset>
      <fieldset>
        <legend>{t('gadget.edit.view')}</legend>
        {GADGET_VIEWS.map((option) => (
          <label key={option} className="rc-gd-radio">
            <input
              type="radio"
              name="rc-gd-view"
              value={option}
              checked={shown === option}
              onChange={() => {
                setShown(option);
              }}
            />{' '}
            {t(`gadget.view.${option}`)}
          </label>
        ))}
      </fieldset>
      <label className="rc-gd-field">
        {t('gadget.edit.refresh')}{' '}
        <select
          value={String(refresh)}
          onChange={(event) => {
            setRefresh(Number(event.currentTarget.value));
          }}
        >
          {GADGET_REFRESH_MINUTES.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {minutes === 0 ? t('gadget.edit.never') : t('gadget.edit.every', { minutes })}
            </option>
          ))}
        </select>
      </label>
      <p id="rc-gd-edit-problem" className="rc-gd-error" role="alert">
        {problem}
      </p>
      <div className="rc-gd-actions">
        <button type="submit" className="rc-gd-button rc-gd-primary" disabled={busy}>
          {busy ? t('common.saving') : t('gadget.edit.save')}
        </button>
        <button
          type="button"
          className="rc-gd-button"
          onClick={() => {
            void view.close();
          }}
        >
          {t('gadget.edit.cancel')}
        </button>
      </div>
    </form>
  );
}
