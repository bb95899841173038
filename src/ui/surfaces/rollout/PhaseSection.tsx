/**
 * One phase of the Rollout panel's anchor view: its work by department, its dates and completing
 * it (with the risk a coordinator accepts when blocking problems are open).
 */
import { useState } from 'react';
import { Button } from '../../components/light/Button';
import Heading from '@atlaskit/heading';
import { Lozenge } from '../../components/Lozenge';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AnchorPanelView, AppError, PanelPhaseView } from '../../../contract';
import { COMMENT_MAX } from '../../../domain/limits';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ProductLink } from '../../components/ProductLink';
import { TextArea } from '../../components/TextArea';
import { formatDayRange } from '../../components/dates';
import { searchUrl } from './links';

/** The risk a coordinator accepts to complete a phase with blocking problems open. */
function RiskForm(props: {
  phase: PanelPhaseView;
  busy: boolean;
  onSubmit: (comment: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslator();
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const blank = comment.trim() === '';
  return (
    <SectionMessage
      appearance="warning"
      title={t('rolloutPanel.riskTitle', { name: props.phase.name })}
    >
      <Stack space="space.100">
        <p>{t('rolloutPanel.riskHint')}</p>
        <TextArea
          id={`risk-${props.phase.id}`}
          label={t('rolloutPanel.riskLabel')}
          value={comment}
          onChange={setComment}
          max={COMMENT_MAX}
          error={tried && blank ? t('rolloutPanel.riskRequired') : undefined}
        />
        <Inline space="space.100">
          <Button
            appearance="warning"
            isDisabled={props.busy}
            onClick={() => {
              setTried(true);
              if (!blank) props.onSubmit(comment);
            }}
          >
            {props.busy ? t('rolloutPanel.completing') : t('rolloutPanel.acceptRisk')}
          </Button>
          <Button appearance="subtle" onClick={props.onCancel} isDisabled={props.busy}>
            {t('rolloutPanel.cancel')}
          </Button>
        </Inline>
      </Stack>
    </SectionMessage>
  );
}

export function PhaseSection(props: {
  view: AnchorPanelView;
  phase: PanelPhaseView;
  onComplete: (phase: PanelPhaseView, riskComment: string) => Promise<AppError | null>;
}) {
  const { t, locale, formatDate } = useTranslator();
  const { view, phase } = props;
  const [busy, setBusy] = useState(false);
  const [askRisk, setAskRisk] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const current = view.currentPhase?.id === phase.id;
  const headingId = `phase-${phase.id}`;

  const complete = async (riskComment: string) => {
    setBusy(true);
    setError(null);
    const failure = await props.onComplete(phase, riskComment);
    setBusy(false);
    if (failure?.messageKey === 'errors.rolloutPanel.blockingOpen') {
      setAskRisk(true);
    } else if (failure) {
      setError(failure);
    } else {
      setAskRisk(false);
    }
  };

  return (
    <section className="rc-rp-phase" aria-labelledby={headingId}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="xsmall" as="h4" id={headingId}>
            {phase.name}
          </Heading>
          {current ? (
            <Lozenge appearance="inprogress">{t('rolloutPanel.currentBadge')}</Lozenge>
          ) : null}
          {phase.completion ? (
            <Lozenge appearance="success">
              {t('rolloutPanel.completedOn', { date: formatDate(phase.completion.completedAt) })}
            </Lozenge>
          ) : null}
          <Text size="small" color="color.text.subtle">
            {formatDayRange(locale, phase.start, phase.end)}
          </Text>
        </Inline>
        {phase.completion && phase.completion.blockingOpen > 0 ? (
          <Text size="small">
            {t('rolloutPanel.riskAccepted', {
              count: phase.completion.blockingOpen,
              comment: phase.completion.riskComment,
            })}
          </Text>
        ) : null}
        <table className="rc-rp-grid">
          <caption className="rc-visually-hidden">
            {t('rolloutPanel.searchPhase', { name: phase.name })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('rolloutPanel.column.department')}</th>
              <th scope="col">{t('rolloutPanel.column.open')}</th>
              <th scope="col">{t('rolloutPanel.column.done')}</th>
              <th scope="col">{t('rolloutPanel.column.overdue')}</th>
            </tr>
          </thead>
          <tbody>
            {phase.departments.map((cell) => {
              const name =
                cell.departmentId === ''
                  ? t('rolloutPanel.wholePhase')
                  : cell.name || t('rolloutPanel.unknownDepartment');
              return (
                <tr key={cell.departmentId}>
                  <th scope="row">
                    <ProductLink
                      href={searchUrl(view.jiraBaseUrl, cell.jql)}
                      newTab
                      aria-label={t('rolloutPanel.searchCell', {
                        name: phase.name,
                        department: name,
                      })}
                    >
                      {name}
                    </ProductLink>
                  </th>
                  <td>{cell.open}</td>
                  <td>{cell.done}</td>
                  <td className={cell.overdue > 0 ? 'rc-rp-overdue' : undefined}>{cell.overdue}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <ProductLink href={searchUrl(view.jiraBaseUrl, phase.jql)} newTab>
            {t('rolloutPanel.searchPhase', { name: phase.name })}
          </ProductLink>
          {view.canComplete &&
          !phase.completion &&
          view.rollout.lifecycle === 'in-progress' &&
          !askRisk ? (
            <Button
              appearance={current ? 'primary' : 'default'}
              isDisabled={busy}
              onClick={() => {
                void complete('');
              }}
            >
              {busy
                ? t('rolloutPanel.completing')
                : t('rolloutPanel.complete', { name: phase.name })}
            </Button>
          ) : null}
        </Inline>
        {askRisk ? (
          <RiskForm
            phase={phase}
            busy={busy}
            onSubmit={(comment) => {
              void complete(comment);
            }}
            onCancel={() => {
              setAskRisk(false);
            }}
          />
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </Stack>
    </section>
  );
}
