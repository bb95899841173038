/**
 * The Rollout progress gadget's edit view: which rollouts it follows (up to
 * GADGET_ROLLOUTS_MAX, among those the user may see), which view, and how often Jira refreshes
 * it. Saved with `view.submit` (Jira keeps it as the gadget's configuration, `refresh` in minutes
 * drives its auto-refresh); Cancel closes the edit view. The rollouts come a page at a time
 * ("Show more"), and a search box narrows those listed by title or issue key.
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
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { PickerLoading } from '../../components/PickerLoading';
import { readConfig } from './config';
import './gadget.css';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; rollouts: GadgetOption[]; nextCursor: string | null; more: MoreState };

type MoreState = { status: 'idle' } | { status: 'loading' } | { status: 'failed'; error: AppError };

/** Pages read in one go while they bring no rollout the user may see (bounded, each 2 calls). */
const PAGES_PER_STEP = 5;

/** The next rollouts the user may see from `cursor` on, reading up to PAGES_PER_STEP pages. */
async function nextOptions(
  cursor: string | undefined,
): Promise<
  { ok: true; rollouts: GadgetOption[]; nextCursor: string | null } | { ok: false; error: AppError }
> {
  const rollouts: GadgetOption[] = [];
  let next: string | null = cursor ?? null;
  for (let page = 0; page < PAGES_PER_STEP; page += 1) {
    const answer = await call('gadget/options', next === null ? {} : { cursor: next });
    if (!answer.ok) return { ok: false, error: answer.error };
    rollouts.push(...answer.data.rollouts);
    next = answer.data.nextCursor;
    if (rollouts.length > 0 || next === null) break;
  }
  return { ok: true, rollouts, nextCursor: next };
}

export default function GadgetEdit(props: { context: AppContext }) {
  const { t } = useTranslator();
  const saved = readConfig(props.context.extension.gadgetConfiguration);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [chosen, setChosen] = useState<string[]>(saved?.rolloutIds ?? []);
  const [shown, setShown] = useState<GadgetView>(saved?.view ?? 'overview');
  const [refresh, setRefresh] = useState<number>(saved?.refresh ?? 0);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  const [search, setSearch] = useState('');

  const fetchOptions = useCallback(async (): Promise<void> => {
    const answer = await nextOptions(undefined);
    setLoad(
      answer.ok
        ? {
            status: 'ready',
            rollouts: answer.rollouts,
            nextCursor: answer.nextCursor,
            more: { status: 'idle' },
          }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  const showMore = async (cursor: string): Promise<void> => {
    setLoad((current) =>
      current.status === 'ready' ? { ...current, more: { status: 'loading' } } : current,
    );
    const answer = await nextOptions(cursor);
    setLoad((current) => {
      if (current.status !== 'ready') return current;
      if (!answer.ok) return { ...current, more: { status: 'failed', error: answer.error } };
      const known = new Set(current.rollouts.map((rollout) => rollout.id));
      return {
        status: 'ready',
        rollouts: [...current.rollouts, ...answer.rollouts.filter((r) => !known.has(r.id))],
        nextCursor: answer.nextCursor,
        more: { status: 'idle' },
      };
    });
  };

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
  } else {
    const text = search.trim().toLocaleLowerCase();
    const listed = load.rollouts.filter(
      (rollout) =>
        text === '' ||
        rollout.title.toLocaleLowerCase().includes(text) ||
        rollout.issueKey.toLocaleLowerCase().includes(text),
    );
    const { more, nextCursor } = load;
    rollouts = (
      <>
        {load.rollouts.length > 0 && (
          <label className="rc-gd-field">
            {t('gadget.edit.filter')}{' '}
            <input
              type="search"
              value={search}
              onChange={(event) => {
                setSearch(event.currentTarget.value);
              }}
            />
          </label>
        )}
        {load.rollouts.length === 0 && nextCursor === null && (
          <p className="rc-gd-muted">{t('gadget.edit.none')}</p>
        )}
        {load.rollouts.length > 0 && listed.length === 0 && (
          <p className="rc-gd-muted" role="status">
            {t('gadget.edit.noMatch', { text: search.trim() })}
          </p>
        )}
        {listed.length > 0 && (
          <ul className="rc-gd-choices">
            {listed.map((rollout) => (
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
        )}
        {more.status === 'failed' && (
          <p role="alert">{t(more.error.messageKey, more.error.params ?? {})}</p>
        )}
        {nextCursor !== null && (
          <button
            type="button"
            className="rc-gd-button"
            disabled={more.status === 'loading'}
            onClick={() => {
              void showMore(nextCursor);
            }}
          >
            {more.status === 'loading' ? t('gadget.edit.loadingMore') : t('gadget.edit.more')}
          </button>
        )}
      </>
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
      <div className="rc-gd-select-field">
        <label htmlFor="rc-gd-edit-refresh">{t('gadget.edit.refresh')}</label>
        {/* The select's chunk is fetched once the rollouts have arrived, not during the view's
            first render: a request started then counts in the view's first load. */}
        {load.status === 'loading' ? (
          <PickerLoading inputId="rc-gd-edit-refresh" compact />
        ) : (
          <ChoiceSelect
            inputId="rc-gd-edit-refresh"
            label={t('gadget.edit.refresh')}
            options={GADGET_REFRESH_MINUTES.map((minutes) => ({
              value: String(minutes),
              label: minutes === 0 ? t('gadget.edit.never') : t('gadget.edit.every', { minutes }),
            }))}
            value={String(refresh)}
            onChange={(value) => {
              setRefresh(Number(value));
            }}
            compact
            menuInPortal
          />
        )}
      </div>
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
