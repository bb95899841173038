/**
 * Answering a pulse: from the "Rollout pulse" macro on a Confluence page (bound to a rollout by
 * its config, or to the rollout whose strategy page holds it), from the anchor's Rollout panel,
 * or from the Rollout panel of a session issue the user attended. Whoever cannot browse the
 * rollout's anchor issue sees nothing.
 *
 * The acting user's id goes into one place only: the keyed hash of their receipt, which keeps a
 * second answer out. The answer itself is stored with its department, role and scores, in a
 * bucket sorted by content (src/storage/pulses.ts).
 */
import type { PulseFormView } from '../../contract';
import { today } from '../../domain/delegation';
import { uuidSchema } from '../../domain/ids';
import {
  ANSWERS_PER_BUCKET,
  answerDepartments,
  bucketFor,
  emptyBucket,
  pulseState,
  withAnswer,
  type Pulse,
} from '../../domain/pulses';
import { ADKAR_ELEMENTS, addAnswer, departmentGroup } from '../../domain/readiness';
import type { Rollout } from '../../domain/rollout';
import { browseIssue } from '../access';
import { refuse } from '../failures';
import { boundRollout, canConfigure } from '../macro';
import type { Caller, Ports, UseCase } from '../ports';

export type AnswerPorts = Pick<
  Ports,
  'jira' | 'confluence' | 'rollouts' | 'attendance' | 'pulses' | 'standIns' | 'now'
>;

/** Answers of one pulse commit one at a time; a lost race reads again, this many times in all. */
const ANSWER_ATTEMPTS = 12;

type Where =
  | { kind: 'rollout'; rollout: Rollout; departmentId: string }
  | { kind: 'unbound'; canConfigure: boolean }
  | { kind: 'hidden' };

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

async function seesAnchor(ports: AnswerPorts, rollout: Rollout): Promise<boolean> {
  if (rollout.anchorIssueId === '') return false;
  return (await ports.jira.visibleIssues([rollout.anchorIssueId])).has(rollout.anchorIssueId);
}

/**
 * The rollout the acting user may answer for where the form is: a session issue they attended
 * (the session's department first), the anchor issue, or a pulse macro's rollout.
 */
async function whereFrom(ports: AnswerPorts, call: Caller): Promise<Where> {
  if (call.issue) {
    const issue = await browseIssue(ports, call);
    const property = issue.rolloutProperty;
    if (property.role === 'work') {
      const rolloutId = uuidSchema.safeParse(property.rolloutId);
      const planItem = text(property.planItemId);
      if (!rolloutId.success || !planItem.startsWith('session:')) return { kind: 'hidden' };
      const rollout = await ports.rollouts.get(rolloutId.data);
      const session = rollout?.sessions.find((s) => `session:${s.id}` === planItem);
      if (!rollout || !session) return { kind: 'hidden' };
      const [attendance, visible] = await Promise.all([
        ports.attendance.get(rollout.id, session.id),
        seesAnchor(ports, rollout),
      ]);
      const attended = attendance?.attendees.some((a) => a.accountId === call.accountId) ?? false;
      if (!attended || !visible) return { kind: 'hidden' };
      const [only] = session.departmentIds;
      return {
        kind: 'rollout',
        rollout,
        departmentId:
          !session.allDepartments && session.departmentIds.length === 1 ? (only ?? '') : '',
      };
    }
    const rollout = await ports.rollouts.findByIssue(issue.id);
    return rollout ? { kind: 'rollout', rollout, departmentId: '' } : { kind: 'hidden' };
  }
  const rollout = await boundRollout(ports, call);
  if (!rollout) return { kind: 'unbound', canConfigure: await canConfigure(ports, call) };
  return (await seesAnchor(ports, rollout))
    ? { kind: 'rollout', rollout, departmentId: '' }
    : { kind: 'hidden' };
}

function openPulseOf(pulses: readonly Pulse[], day: string): Pulse | undefined {
  return pulses.find((pulse) => pulseState(pulse, day) === 'open');
}

/**
 * Where the acting user's answer to `pulse` may count: the asked departments whose Jira group
 * holds them, else those with no group, for them to pick (src/domain/pulses.ts). Costs the asked
 * departments read by key (one batch per 25, sent together: decision 0060), never the whole
 * directory, and, when an asked department has a group, one Jira call as the app for the user's
 * groups, whatever the size of the groups. Their id goes to Jira only: nothing of it is stored.
 */
async function answerableFor(ports: AnswerPorts, call: Caller, pulse: Pulse) {
  const { departments: directory } = await ports.standIns.forRound({
    departmentIds: pulse.departmentIds,
    people: [],
    day: today(ports.now()),
  });
  const asked = new Set(pulse.departmentIds);
  const groupOf = new Map(
    directory.filter((d) => asked.has(d.id) && d.groupId !== '').map((d) => [d.id, d.groupId]),
  );
  const userGroupIds =
    groupOf.size > 0 ? new Set(await ports.jira.userGroupIds(call.accountId)) : new Set<string>();
  return answerDepartments(pulse.departmentIds, groupOf, userGroupIds);
}

async function formFor(
  ports: AnswerPorts,
  call: Caller,
  rollout: Rollout,
  departmentId: string,
  pulse: Pulse | undefined,
): Promise<PulseFormView> {
  if (!pulse) return { kind: 'none', rollout: { title: rollout.title } };
  const names = new Map(rollout.departments.map((d) => [d.departmentId, d.name]));
  const [answered, answerable] = await Promise.all([
    ports.pulses.hasAnswered(pulse.id, call.accountId),
    answerableFor(ports, call, pulse),
  ]);
  if (!answered && answerable.departmentIds.length === 0) {
    return {
      kind: 'notAsked',
      rollout: { title: rollout.title },
      departments: pulse.departmentIds.map((id) => names.get(id) ?? ''),
    };
  }
  const choices = answerable.departmentIds;
  // Someone in several asked departments' groups is asked which one they answer for: starting on
  // one (a session's, say) would let an answer count for it without their choosing. Someone in no
  // group picks among the ungrouped ones, starting on the session's department they attended.
  const start =
    choices.length === 1
      ? (choices[0] ?? '')
      : answerable.source === 'pick' && choices.includes(departmentId)
        ? departmentId
        : '';
  return {
    kind: 'open',
    rollout: { title: rollout.title },
    pulse: { id: pulse.id, from: pulse.from, to: pulse.to },
    departments: choices.map((id) => ({ id, name: names.get(id) ?? '' })),
    departmentSource: answerable.source,
    departmentId: start,
    answered,
    elements: ADKAR_ELEMENTS,
  };
}

export const pulseForm: UseCase<'pulses/form', AnswerPorts> = async (_payload, call, ports) => {
  const where = await whereFrom(ports, call);
  if (where.kind !== 'rollout') return where;
  const pulses = await ports.pulses.listByRollout(where.rollout.id);
  const pulse = openPulseOf(pulses, today(ports.now()));
  return formFor(ports, call, where.rollout, where.departmentId, pulse);
};

export const answerPulse: UseCase<'pulses/answer', AnswerPorts> = async (payload, call, ports) => {
  const where = await whereFrom(ports, call);
  if (where.kind !== 'rollout') throw refuse('errors.pulse.notFound');
  const { rollout } = where;
  let answerable: Awaited<ReturnType<typeof answerableFor>> | undefined;
  for (let attempt = 0; attempt < ANSWER_ATTEMPTS; attempt += 1) {
    const pulse = await ports.pulses.get(payload.pulseId);
    if (pulse?.rolloutId !== rollout.id) throw refuse('errors.pulse.notFound');
    if (pulseState(pulse, today(ports.now())) !== 'open') throw refuse('errors.pulse.notOpen');
    if (!pulse.departmentIds.includes(payload.departmentId)) {
      throw refuse('errors.pulse.unknownDepartment');
    }
    if (await ports.pulses.hasAnswered(pulse.id, call.accountId)) {
      throw refuse('errors.pulse.alreadyAnswered');
    }
    // One look-up of the user's groups per answer: a retry after a lost race reuses it.
    answerable ??= await answerableFor(ports, call, pulse);
    if (!answerable.departmentIds.includes(payload.departmentId)) {
      throw refuse(
        answerable.source === 'group'
          ? 'errors.pulse.notYourDepartment'
          : 'errors.pulse.notAskedDepartment',
      );
    }
    const before =
      pulse.tallies.find((t) => t.group === departmentGroup(payload.departmentId))?.running
        .answers ?? 0;
    const page = bucketFor(before);
    const bucket = await ports.pulses.bucket(pulse.id, payload.departmentId, page);
    // Buckets are made ahead (src/storage/pulses.ts): a missing one is a bug, not a race.
    if (!bucket) throw new Error('the answer bucket is missing');
    const next: Pulse = {
      ...pulse,
      tallies: addAnswer(pulse.tallies, {
        departmentId: payload.departmentId,
        role: payload.role,
        scores: payload.scores,
      }),
      version: pulse.version + 1,
    };
    const written = await ports.pulses.answer({
      pulse,
      next,
      bucket,
      filled: withAnswer(bucket, payload, before),
      opens:
        (before + 1) % ANSWERS_PER_BUCKET === 0
          ? emptyBucket(pulse.id, payload.departmentId, page + 1)
          : undefined,
      accountId: call.accountId,
    });
    if (written === 'written') {
      return formFor(ports, call, rollout, payload.departmentId, next);
    }
  }
  throw refuse('errors.pulse.busy');
};
