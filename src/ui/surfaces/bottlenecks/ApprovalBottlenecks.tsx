/**
 * Where approvals are stuck, for the progress gadget and the anchor's Rollout panel: pending
 * approvals by stage, department and head (by name, with who may decide in their place today on
 * the open stage's first rows, decision 0059) with how long each has waited, those past the
 * reminder cadence marked overdue and the oldest of them highlighted. Plain elements and design
 * tokens (no Atlaskit), so it adds next to nothing to either surface's first load.
 */
import type { ApprovalBottlenecks as Bottlenecks } from '../../../domain/bottlenecks';
import { STAND_IN_ROWS_MAX } from '../../../domain/limits';
import { useTranslator } from '../../i18n';
import './bottlenecks.css';

export function ApprovalBottlenecks(props: { bottlenecks: Bottlenecks; headingLevel?: 3 | 4 }) {
  const { t } = useTranslator();
  const { pending, byStage, cadenceDays } = props.bottlenecks;
  if (pending.length === 0) return null;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h4';
  // Rows past the open stage's first STAND_IN_ROWS_MAX are not looked up: say so (decision 0059).
  const open = pending.filter((approval) => approval.waitingSince !== null).length;
  return (
    <section className="rc-bn" aria-label={t('bottlenecks.title')}>
      <Heading className="rc-bn-title">{t('bottlenecks.title')}</Heading>
      <ul className="rc-bn-stages">
        {byStage.map((stage) => (
          <li key={stage.stage}>
            {stage.oldestAgeDays === null
              ? t('bottlenecks.stageNotOpen', { stage: stage.stage, pending: stage.pending })
              : t('bottlenecks.stage', {
                  stage: stage.stage,
                  pending: stage.pending,
                  days: stage.oldestAgeDays,
                })}
          </li>
        ))}
      </ul>
      <table className="rc-bn-table">
        <caption className="rc-bn-caption">
          {t('bottlenecks.caption', { days: cadenceDays })}
          {open > STAND_IN_ROWS_MAX
            ? ` ${t('bottlenecks.standInsFirst', { count: STAND_IN_ROWS_MAX })}`
            : null}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('bottlenecks.department')}</th>
            <th scope="col">{t('bottlenecks.head')}</th>
            <th scope="col">{t('bottlenecks.stageColumn')}</th>
            <th scope="col">{t('bottlenecks.waited')}</th>
          </tr>
        </thead>
        <tbody>
          {pending.map((approval) => (
            <tr
              key={approval.departmentId}
              className={approval.oldest ? 'rc-bn-oldest' : undefined}
              data-testid="bottleneck-row"
            >
              <th scope="row">{approval.departmentName}</th>
              <td>
                {approval.approverName || t('bottlenecks.noName')}
                {approval.standInAccountId ? (
                  <span className="rc-bn-stand-in">
                    {t('bottlenecks.standIn', {
                      name: approval.standInName || t('bottlenecks.noName'),
                    })}
                  </span>
                ) : null}
              </td>
              <td>{approval.stage}</td>
              <td>
                {approval.ageDays === null
                  ? t('bottlenecks.notOpen')
                  : t('bottlenecks.days', { days: approval.ageDays })}
                {approval.overdue ? (
                  <span className={approval.oldest ? 'rc-bn-flag rc-bn-flag-oldest' : 'rc-bn-flag'}>
                    {approval.oldest ? t('bottlenecks.oldest') : t('bottlenecks.overdue')}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
