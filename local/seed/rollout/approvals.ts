/**
 * Approvals and the start: the heads (or a delegate) approve each department on a rollout's
 * Approvals panel, and the coordinator starts the rollout through the workflow transition the
 * app's gate guards. Also the company's approved CRM rollout on ROLL-1.
 */
import type { LocalHost } from '../../host';
import type { ApprovalsPanelView } from '../../../src/contract';
import { DEMO_DEPARTMENTS } from '../departments';
import { ROLL_TRANSITIONS } from '../jira';
import { accountOf, act, APPROVALS_PANEL, onIssue } from './act';
import { dayFrom, DEMO_ROLLOUT_IDS, type DepartmentName } from './plan';

interface Approver {
  /** The persona who approves. */
  as: string;
  department: DepartmentName;
  comment: string;
}

/** The heads who approve each department of the rollout in progress. */
const APPROVERS: readonly Approver[] = [
  { as: 'head-finance', department: 'Finance', comment: 'Le pilote nous convient, allons-y.' },
  {
    as: 'head-sales',
    department: 'Sales',
    comment: 'OK, à condition que la formation ait lieu avant la fin du mois.',
  },
  { as: 'head-support', department: 'Customer Support', comment: '' },
  { as: 'head-operations', department: 'Operations', comment: '' },
];

/** The coordinator asks for approval on `anchorKey`'s panel; each approver approves, in order. */
export async function approveAll(
  host: LocalHost,
  anchorKey: string,
  approvers: readonly Approver[] = APPROVERS,
): Promise<void> {
  const panel = onIssue(host, APPROVALS_PANEL, anchorKey);
  const before = await act(host, panel, 'coordinator', 'approvals/panel', {});
  if (before.kind !== 'rollout') throw new Error(`${anchorKey} is not a rollout`);
  await act(host, panel, 'coordinator', 'approvals/request', { version: before.rollout.version });
  for (const approver of approvers) {
    const view: ApprovalsPanelView = await act(host, panel, approver.as, 'approvals/panel', {});
    const approval =
      view.kind === 'rollout'
        ? view.round?.approvals.find((a) => a.departmentName === approver.department)
        : undefined;
    if (!approval) throw new Error(`No approval for ${approver.department} on ${anchorKey}`);
    await act(host, panel, approver.as, 'approvals/decide', {
      approvalId: approval.id,
      version: approval.version,
      decision: 'approved',
      comment: approver.comment,
    });
  }
}

/**
 * The company's first epic, ROLL-1 "Roll out the new CRM", made a rollout from its Approvals
 * panel and approved by every department, not started yet: what the README's screenshot shows,
 * ready for "Start rollout". Julien Mercier, Finance's delegate, approves for Finance while
 * Élodie is away, so the delegate's part shows too.
 */
export const DEMO_CRM_KEY = 'ROLL-1';

const CRM_APPROVERS: readonly Approver[] = [
  {
    as: 'head-sales',
    department: 'Sales',
    comment: 'Enfin ! L’équipe attend ce CRM depuis un an.',
  },
  { as: 'head-support', department: 'Customer Support', comment: '' },
  {
    as: 'delegate-finance',
    department: 'Finance',
    comment: 'Élodie est en congé : je valide pour la Finance, la reprise des contrats est prévue.',
  },
  { as: 'head-operations', department: 'Operations', comment: 'Fine by us after the stock count.' },
];

export async function seedApprovedCrm(host: LocalHost, today: Date): Promise<void> {
  const panel = onIssue(host, APPROVALS_PANEL, DEMO_CRM_KEY);
  await act(host, panel, 'coordinator', 'rollouts/create', {
    requestId: DEMO_ROLLOUT_IDS.crm,
    title: 'Roll out the new CRM',
    objective:
      'Every customer contact is kept in the new CRM instead of the old contact tool, in Sales, Support, Finance and Operations.',
    targetDate: dayFrom(today, 120),
    departments: DEMO_DEPARTMENTS.map((department) => ({
      departmentId: department.requestId,
      stage: 1,
    })),
  });
  await approveAll(host, DEMO_CRM_KEY, CRM_APPROVERS);
}

/** "Start rollout" as the coordinator, through Jira's REST API: the app's gate validator runs. */
export async function startThroughGate(host: LocalHost, anchorKey: string): Promise<void> {
  const response = await host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId: accountOf(host, 'coordinator') },
    method: 'POST',
    path: `/rest/api/3/issue/${anchorKey}/transitions`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transition: { id: ROLL_TRANSITIONS.start } }),
  });
  if (response.status !== 204) {
    throw new Error(`Seeding: "Start rollout" on ${anchorKey} answered ${String(response.status)}`);
  }
}
