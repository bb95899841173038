/**
 * The rollout's lifecycle after approval: when it counts as started, which phase is current,
 * and who may complete a phase, when, and with what record.
 */
import {
  completePhase,
  currentPhase,
  lifecycleOf,
  phaseTiming,
  startToRecord,
  type Rollout,
  type RolloutPhase,
} from '../../src/domain/rollout';
import { aRollout } from '../support/mother';

const phases: RolloutPhase[] = [
  { id: 'p1', name: 'Pilot', start: '2030-03-01', end: '2030-03-31', tasks: [] },
  { id: 'p2', name: 'Everyone', start: '2030-04-01', end: '2030-05-31', tasks: [] },
];
const AT = '2030-04-02T10:00:00.000Z';
const coordinator = { accountId: 'coordinator', isJiraAdmin: false };

function started(overrides: Partial<Rollout> = {}): Rollout {
  return aRollout({
    approvalState: 'approved',
    approvedAt: '2030-02-20T10:00:00.000Z',
    startedAt: '2030-03-01T08:00:00.000Z',
    phases,
    ...overrides,
  });
}

describe('lifecycleOf', () => {
  it('is the approval state until the rollout starts, then in progress, then completed', () => {
    expect(lifecycleOf(aRollout({ approvalState: 'awaiting-approval' }))).toBe('awaiting-approval');
    expect(lifecycleOf(aRollout({ approvalState: 'approved' }))).toBe('approved');
    expect(lifecycleOf(started())).toBe('in-progress');
    // A re-confirmation round after the start does not take the rollout back out of progress.
    expect(lifecycleOf(started({ approvalState: 'awaiting-approval' }))).toBe('in-progress');
    expect(lifecycleOf(started({ completedAt: AT }))).toBe('completed');
  });
});

describe('startToRecord', () => {
  const now = new Date(AT);
  it('records the start of an approved rollout whose anchor left To Do', () => {
    const rollout = aRollout({ approvalState: 'approved', approvedAt: AT });
    expect(startToRecord(rollout, 'indeterminate', now)).toEqual({ startedAt: AT });
    expect(startToRecord(rollout, 'done', now)).toEqual({ startedAt: AT });
  });

  it('records nothing while the anchor is in To Do, before approval, or once recorded', () => {
    expect(startToRecord(aRollout({ approvalState: 'approved' }), 'new', now)).toBeUndefined();
    expect(startToRecord(aRollout({ approvalState: 'approved' }), undefined, now)).toBeUndefined();
    expect(
      startToRecord(aRollout({ approvalState: 'draft' }), 'indeterminate', now),
    ).toBeUndefined();
    expect(startToRecord(started(), 'indeterminate', now)).toBeUndefined();
  });

  it('records the start of a rollout approved once and now re-confirming a change', () => {
    const rollout = aRollout({ approvalState: 'awaiting-approval', approvedAt: AT });
    expect(startToRecord(rollout, 'indeterminate', now)).toEqual({ startedAt: AT });
  });
});

describe('currentPhase', () => {
  it('is the first phase not complete, with where today sits against its dates', () => {
    expect(currentPhase(started(), '2030-02-10')).toMatchObject({
      index: 0,
      phase: { id: 'p1' },
      timing: 'upcoming',
    });
    expect(currentPhase(started(), '2030-03-15')).toMatchObject({ index: 0, timing: 'running' });
    // The pilot ran past its end: it stays current, late, until someone completes it.
    expect(currentPhase(started(), '2030-04-15')).toMatchObject({ index: 0, timing: 'late' });
    const pilotDone = started({
      phaseCompletions: [
        { phaseId: 'p1', completedBy: 'c', completedAt: AT, blockingOpen: 0, riskComment: '' },
      ],
    });
    expect(currentPhase(pilotDone, '2030-04-15')).toMatchObject({ index: 1, timing: 'running' });
  });

  it('is undefined when every phase is complete or the plan has none', () => {
    expect(currentPhase(aRollout(), '2030-04-15')).toBeUndefined();
    const all = started({
      phaseCompletions: phases.map((p) => ({
        phaseId: p.id,
        completedBy: 'c',
        completedAt: AT,
        blockingOpen: 0,
        riskComment: '',
      })),
    });
    expect(currentPhase(all, '2030-04-15')).toBeUndefined();
  });

  it('tells upcoming, running and late apart on the phase boundaries', () => {
    const phase = { start: '2030-03-01', end: '2030-03-31' };
    expect(phaseTiming(phase, '2030-02-28')).toBe('upcoming');
    expect(phaseTiming(phase, '2030-03-01')).toBe('running');
    expect(phaseTiming(phase, '2030-03-31')).toBe('running');
    expect(phaseTiming(phase, '2030-04-01')).toBe('late');
  });
});

describe('completePhase', () => {
  const request = { phaseId: 'p1', actor: coordinator, blockingOpen: 0, riskComment: '', at: AT };

  it('records who completed the phase and when, with an audit event', () => {
    const outcome = completePhase(started(), request);
    expect(outcome.kind).toBe('completed');
    if (outcome.kind !== 'completed') return;
    expect(outcome.rollout.phaseCompletions).toEqual([
      {
        phaseId: 'p1',
        completedBy: 'coordinator',
        completedAt: AT,
        blockingOpen: 0,
        riskComment: '',
      },
    ]);
    expect(outcome.rollout.version).toBe(started().version + 1);
    expect(outcome.rollout.completedAt).toBeUndefined();
    expect(outcome.events.map((e) => [e.type, e.detail, e.actorAccountId])).toEqual([
      ['phase-completed', 'Pilot', 'coordinator'],
    ]);
  });

  it('completes the rollout with its last phase', () => {
    const first = completePhase(started(), request);
    if (first.kind !== 'completed') throw new Error('first phase refused');
    const last = completePhase(first.rollout, { ...request, phaseId: 'p2' });
    if (last.kind !== 'completed') throw new Error('last phase refused');
    expect(last.rollout.completedAt).toBe(AT);
    expect(lifecycleOf(last.rollout)).toBe('completed');
    expect(last.events.map((e) => e.type)).toEqual(['phase-completed', 'rollout-completed']);
  });

  it('lets a Jira admin complete a phase, and nobody else but the coordinator', () => {
    expect(
      completePhase(started(), { ...request, actor: { accountId: 'admin', isJiraAdmin: true } })
        .kind,
    ).toBe('completed');
    expect(
      completePhase(started(), { ...request, actor: { accountId: 'head', isJiraAdmin: false } }),
    ).toEqual({ kind: 'refused', reason: 'forbidden' });
  });

  it('is refused while a blocking problem is open, unless the risk is accepted with a comment', () => {
    expect(completePhase(started(), { ...request, blockingOpen: 2 })).toEqual({
      kind: 'refused',
      reason: 'blocking-open',
    });
    expect(completePhase(started(), { ...request, blockingOpen: 2, riskComment: '   ' })).toEqual({
      kind: 'refused',
      reason: 'blocking-open',
    });
    const accepted = completePhase(started(), {
      ...request,
      blockingOpen: 2,
      riskComment: ' Workaround in place ',
    });
    if (accepted.kind !== 'completed') throw new Error('risk acceptance refused');
    expect(accepted.rollout.phaseCompletions?.[0]).toMatchObject({
      blockingOpen: 2,
      riskComment: 'Workaround in place',
    });
    expect(accepted.events[0]).toMatchObject({
      type: 'phase-completed-with-risk',
      comment: 'Workaround in place',
    });
  });

  it('keeps no comment when there was no risk to accept', () => {
    const outcome = completePhase(started(), { ...request, riskComment: 'just because' });
    if (outcome.kind !== 'completed') throw new Error('refused');
    expect(outcome.rollout.phaseCompletions?.[0]?.riskComment).toBe('');
  });

  it('is refused before the start, for an unknown phase, and for a phase already complete', () => {
    expect(completePhase(aRollout({ approvalState: 'approved', phases }), request)).toEqual({
      kind: 'refused',
      reason: 'not-started',
    });
    expect(completePhase(started(), { ...request, phaseId: 'nope' })).toEqual({
      kind: 'refused',
      reason: 'unknown-phase',
    });
    const once = completePhase(started(), request);
    if (once.kind !== 'completed') throw new Error('refused');
    expect(completePhase(once.rollout, request)).toEqual({
      kind: 'refused',
      reason: 'already-completed',
    });
  });
});
