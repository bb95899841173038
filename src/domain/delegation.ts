/**
 * Delegation: a head names someone to decide for them over a date range; otherwise the directory's
 * default delegate stands in. Dates are whole days in UTC (YYYY-MM-DD), inclusive.
 */
import { z } from 'zod';
import type { Approval } from './approvals';
import type { Department } from './departments';
import { accountIdSchema, uuidSchema } from './ids';
import { byRule } from './refine';
import { isoDateSchema } from './rollout';
import { delegationDatesIssue } from './rules/approvals';

export interface Delegation {
  id: string;
  delegateAccountId: string;
  from: string;
  to: string;
  createdAt: string;
}

/** All delegations one head has planned, stored together (one read per decision). */
export interface DelegationRecord {
  headAccountId: string;
  delegations: Delegation[];
  /**
   * The last day any of them covers ('' when none): indexed, so that every delegation that has
   * not ended, across all heads, is one query whatever the number of approvals on screen.
   */
  lastDay: string;
  version: number;
}

export const delegationInputSchema = z
  .object({
    requestId: uuidSchema,
    delegateAccountId: accountIdSchema,
    from: isoDateSchema,
    to: isoDateSchema,
  })
  .strict()
  .superRefine(byRule(delegationDatesIssue));

export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** The delegate standing in for a head today: a planned delegation first, else the default. */
export function activeDelegate(
  record: DelegationRecord | undefined,
  defaultDelegate: string,
  now: Date,
): { accountId: string; source: 'planned' | 'default' | 'none' } {
  const day = today(now);
  const planned = record?.delegations.find((d) => d.from <= day && day <= d.to);
  if (planned) return { accountId: planned.delegateAccountId, source: 'planned' };
  if (defaultDelegate) return { accountId: defaultDelegate, source: 'default' };
  return { accountId: '', source: 'none' };
}

/** Who may stand in for approvers: the directory (default delegates) and each head's plans. */
export interface StandIns {
  directory: readonly Department[];
  /** Heads' delegation records that have not ended, by head. */
  delegations: ReadonlyMap<string, DelegationRecord>;
}

export function standInsOf(
  directory: readonly Department[],
  records: readonly DelegationRecord[],
): StandIns {
  return {
    directory,
    delegations: new Map(records.map((record) => [record.headAccountId, record])),
  };
}

/**
 * Who decides for `approval`'s approver today besides them: their planned delegate, else the
 * directory's default delegate of the department (only while the approver is the directory's head
 * of it: a head chosen for this rollout alone did not name that delegate). '' when nobody.
 */
export function standInFor(
  approval: Pick<Approval, 'approverAccountId' | 'departmentId'>,
  standIns: StandIns,
  now: Date,
): string {
  const department = standIns.directory.find((d) => d.id === approval.departmentId);
  const defaultDelegate =
    department?.headAccountId === approval.approverAccountId ? department.delegateAccountId : '';
  const { accountId } = activeDelegate(
    standIns.delegations.get(approval.approverAccountId),
    defaultDelegate,
    now,
  );
  return accountId === approval.approverAccountId ? '' : accountId;
}

/** The people a head's record names as planned delegates, each once (decision 0058). */
export function delegatesOf(record: Pick<DelegationRecord, 'delegations'>): string[] {
  return [...new Set(record.delegations.map((d) => d.delegateAccountId).filter((id) => id !== ''))];
}

/** Delegations that have not ended, soonest first (ended ones are dropped when the record is saved). */
export function currentDelegations(record: DelegationRecord | undefined, now: Date): Delegation[] {
  const day = today(now);
  return [...(record?.delegations ?? [])]
    .filter((d) => d.to >= day)
    .sort((a, b) => a.from.localeCompare(b.from));
}

export function overlaps(
  a: Pick<Delegation, 'from' | 'to'>,
  b: Pick<Delegation, 'from' | 'to'>,
): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** The record after adding `delegation`: ended delegations dropped, soonest first, version bumped. */
export function withDelegation(
  headAccountId: string,
  record: DelegationRecord | undefined,
  delegation: Delegation,
  now: Date,
): DelegationRecord {
  return recordOf(headAccountId, [...currentDelegations(record, now), delegation], record, now);
}

/** The record after removing the delegation `id` (ended ones dropped too), version bumped. */
export function withoutDelegation(
  record: DelegationRecord,
  id: string,
  now: Date,
): DelegationRecord {
  return recordOf(
    record.headAccountId,
    currentDelegations(record, now).filter((d) => d.id !== id),
    record,
    now,
  );
}

function recordOf(
  headAccountId: string,
  delegations: readonly Delegation[],
  previous: DelegationRecord | undefined,
  now: Date,
): DelegationRecord {
  const kept = currentDelegations(
    { headAccountId, delegations: [...delegations], lastDay: '', version: 0 },
    now,
  );
  return {
    headAccountId,
    delegations: kept,
    lastDay: kept.reduce((last, d) => (d.to > last ? d.to : last), ''),
    version: (previous?.version ?? 0) + 1,
  };
}
