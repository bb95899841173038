/** The audit trail of the panel's rollout: pages of it, newest first, and its CSV export. */
import { CSV_COLUMNS, csvRow, eventCsvRow } from '../../domain/audit';
import { AUDIT_EXPORT_PAGE, AUDIT_PAGE } from '../../domain/limits';
import type { AuditOrder, AuditPage } from '../../storage/audit';
import { browseIssue } from '../access';
import { refuse } from '../failures';
import type { Caller, Ports, UseCase } from '../ports';
import { lookUpUsers, nameOf, type Users } from '../users';
import { rolloutOf } from './panel';
import { eventPeople, historyPage } from './views';

type HistoryPorts = Pick<Ports, 'jira' | 'rollouts' | 'audit'>;

/** One page of the trail; a cursor storage does not recognise is the caller's mistake. */
async function eventsPage(
  ports: Pick<Ports, 'audit'>,
  rolloutId: string,
  limit: number,
  cursor: string | undefined,
  order: AuditOrder,
): Promise<AuditPage> {
  const page = await ports.audit.page(rolloutId, limit, cursor, order);
  if (page === 'unknown-cursor') {
    throw refuse('errors.validation', {
      details: { fields: [{ path: 'cursor', messageKey: 'errors.field.invalid' }] },
    });
  }
  return page;
}

/** One page of the trail of the panel's rollout, with everyone it names looked up at once. */
async function trailPage(
  ports: HistoryPorts,
  call: Caller,
  limit: number,
  cursor: string | undefined,
  order: AuditOrder,
): Promise<{ page: AuditPage; users: Users }> {
  const issue = await browseIssue(ports, call);
  const rollout = await rolloutOf(ports, issue.id);
  const page = await eventsPage(ports, rollout.id, limit, cursor, order);
  return { page, users: await lookUpUsers(ports.jira, eventPeople(page.events)) };
}

export const approvalHistory: UseCase<'approvals/history', HistoryPorts> = async (
  payload,
  call,
  ports,
) => {
  const { page, users } = await trailPage(ports, call, AUDIT_PAGE, payload.cursor, 'newest-first');
  return historyPage(page, users);
};

/** The audit trail as CSV, oldest first, 100 events per call; names from one user look-up. */
export const exportHistory: UseCase<'approvals/export', HistoryPorts> = async (
  payload,
  call,
  ports,
) => {
  const { page, users } = await trailPage(
    ports,
    call,
    AUDIT_EXPORT_PAGE,
    payload.cursor,
    'oldest-first',
  );
  const rows = page.events.map((event) => eventCsvRow(event, (id) => nameOf(id, users)));
  return {
    csv: (payload.cursor ? '' : csvRow(CSV_COLUMNS)) + rows.join(''),
    nextCursor: page.nextCursor ?? null,
  };
};
