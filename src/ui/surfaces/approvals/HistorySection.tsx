/**
 * The audit trail, newest first: each event in words (who, on behalf of whom, when, what, the
 * comment). The panel sits in the issue view, so it shows the last few events (the current
 * round's latest) and earlier ones on demand, a step at a time; the whole trail is a CSV file.
 */
import { useEffect, useRef, useState, type Ref } from 'react';
import { Button } from '../../components/light/Button';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, AuditEventView, HistoryPage } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { describeEvent } from '../../components/event-words';

/**
 * A stop for a backend that kept answering cursors: 500 pages of 100 events is far beyond any
 * real audit trail, and the user would wait minutes before it.
 */
const EXPORT_MAX_PAGES = 500;
/** How long the file's Blob URL lives: enough for the browser to start the download. */
const BLOB_URL_LIFETIME_MS = 60_000;
/** Events shown when the panel opens: enough for what just happened in the current round. */
const RECENT_EVENTS = 5;
/** Events each "Show earlier events" adds (the backend's page size). */
const EARLIER_STEP = 20;

function EventItem(props: { event: AuditEventView; focusRef?: Ref<HTMLLIElement> }) {
  const { t, locale, formatDate } = useTranslator();
  const { event } = props;
  const { text, comment } = describeEvent(t, locale, event);
  const where = [
    event.round > 0 ? t('history.roundShort', { round: event.round }) : '',
    event.stage > 0 ? t('history.stageShort', { stage: event.stage }) : '',
  ].filter(Boolean);
  return (
    <li className="rc-ap-event" ref={props.focusRef} tabIndex={props.focusRef ? -1 : undefined}>
      <Stack space="space.050">
        <Text>{text}</Text>
        <Text size="small" color="color.text.subtlest">
          <time dateTime={event.at}>{formatDate(event.at)}</time>
          {where.length > 0 ? ` · ${where.join(' · ')}` : ''}
        </Text>
        {comment ? (
          <blockquote className="rc-ap-comment" aria-label={t('approvals.card.commentLabel')}>
            {comment}
          </blockquote>
        ) : null}
      </Stack>
    </li>
  );
}

/** Offers `text` as a file download through a Blob URL and an `<a download>`. */
function download(text: string, fileName: string): void {
  // A byte-order mark, so that spreadsheet programs read the names' accents as UTF-8.
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, BLOB_URL_LIFETIME_MS);
}

function CsvExport(props: { issueKey: string }) {
  const { t } = useTranslator();
  const [pages, setPages] = useState<number | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const live = useRef(true);

  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const run = async (): Promise<void> => {
    setError(null);
    setDone('');
    setPages(0);
    const parts: string[] = [];
    let cursor: string | undefined;
    for (let page = 1; page <= EXPORT_MAX_PAGES; page += 1) {
      const answer = await call('approvals/export', cursor ? { cursor } : {});
      if (!live.current) return;
      if (!answer.ok) {
        setPages(null);
        setError(answer.error);
        return;
      }
      parts.push(answer.data.csv);
      setPages(page);
      if (answer.data.nextCursor === null || answer.data.nextCursor === cursor) break;
      cursor = answer.data.nextCursor;
    }
    const fileName = `rollout-audit-${props.issueKey}.csv`;
    download(parts.join(''), fileName);
    setPages(null);
    setDone(t('history.csvDone', { file: fileName }));
  };

  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Button
          appearance="default"
          isLoading={pages !== null}
          onClick={() => {
            if (pages === null) void run();
          }}
        >
          {t('history.csv')}
        </Button>
        <span role="status" aria-live="polite">
          <Text size="small" color="color.text.subtle">
            {pages !== null ? t('history.csvProgress', { pages }) : done}
          </Text>
        </span>
      </Inline>
      {error ? <ErrorMessage error={error} title={t('history.csvFailed')} /> : null}
    </Stack>
  );
}

export function HistorySection(props: { issueKey: string; first: HistoryPage }) {
  const { t } = useTranslator();
  const [events, setEvents] = useState<AuditEventView[]>(props.first.events);
  const [cursor, setCursor] = useState<string | null>(props.first.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [shown, setShown] = useState(RECENT_EVENTS);
  // The first event a "Show earlier events" revealed takes the focus, so keyboard and screen
  // reader users continue reading where the list grew.
  const firstRevealed = useRef<HTMLLIElement>(null);
  const [focusAt, setFocusAt] = useState<number | null>(null);
  useEffect(() => {
    if (focusAt !== null) firstRevealed.current?.focus();
  }, [focusAt]);

  const visible = events.slice(0, shown);
  const hiddenLoaded = events.length - visible.length;

  const reveal = (): void => {
    setFocusAt(visible.length);
    setShown(visible.length + EARLIER_STEP);
  };

  const more = async (from: string): Promise<void> => {
    setLoading(true);
    setError(null);
    const answer = await call('approvals/history', { cursor: from });
    setLoading(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    reveal();
    // A page may overlap the one before when events were added in between: keep each once.
    setEvents((before) => {
      const seen = new Set(before.map((event) => event.id));
      return [...before, ...answer.data.events.filter((event) => !seen.has(event.id))];
    });
    setCursor(answer.data.nextCursor);
  };

  return (
    <section aria-labelledby="history-title" className="rc-ap-section">
      <Stack space="space.150">
        <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
          <Heading size="xsmall" as="h3" id="history-title">
            {t('history.title')}
          </Heading>
          <CsvExport issueKey={props.issueKey} />
        </Inline>
        {events.length === 0 ? (
          <Text color="color.text.subtle">{t('history.empty')}</Text>
        ) : (
          <ol className="rc-ap-events" aria-label={t('history.listLabel')}>
            {visible.map((event, index) => (
              <EventItem
                key={event.id}
                event={event}
                {...(index === focusAt ? { focusRef: firstRevealed } : {})}
              />
            ))}
          </ol>
        )}
        {hiddenLoaded > 0 || cursor ? (
          <Text size="small" color="color.text.subtle">
            {t('history.shownCount', {
              shown: visible.length,
              total: events.length,
              more: cursor ? 'yes' : 'no',
            })}
          </Text>
        ) : null}
        {error ? (
          <ErrorMessage
            error={error}
            {...(cursor
              ? {
                  onRetry: () => {
                    void more(cursor);
                  },
                }
              : {})}
          />
        ) : null}
        {(hiddenLoaded > 0 || cursor) && !error ? (
          <div>
            <Button
              appearance="subtle"
              isLoading={loading}
              onClick={() => {
                if (loading) return;
                // What is loaded already shows at once; the backend is asked only past it.
                if (hiddenLoaded > 0 || !cursor) reveal();
                else void more(cursor);
              }}
            >
              {t('history.more')}
            </Button>
          </div>
        ) : null}
      </Stack>
    </section>
  );
}
