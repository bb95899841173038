/**
 * Creating a strategy from Confluence: the rollout, its anchor Jira issue (as the user, with the
 * `rollout-coordinator` property), its strategy page (v2, as the user, written once with the
 * issue's key in it, so a new page is at version 1), then the issue's description linking the
 * page (a Jira edit: no page version). Every step first looks whether an earlier attempt already
 * did it (the rollout by its id, the issue by its property, the page by its title in the space
 * and the rollout id in its macro), so a retry with the same request id finishes whatever a
 * failure left, and never makes a second page or issue. A lease keeps two attempts from working
 * at once (a double click).
 */
import { ROLLOUT_PROPERTY_KEY, type ProjectInfo } from '../../atlassian/jira/port';
import type { AppFailure, PayloadOut } from '../../contract';
import { today } from '../../domain/delegation';
import type { Department } from '../../domain/departments';
import { targetsOf } from '../../domain/plan';
import { createdEvent, newRollout, type Rollout } from '../../domain/rollout';
import { anchorDescription } from '../../templates/issues';
import { isStrategyPageOf, strategyPageBody, strategyPageTitle } from '../../templates/strategy';
import { spaceAccess, spaceNotFound } from '../access';
import { setPropertySafely } from '../approvals/state';
import { UpstreamError } from '../../atlassian/errors';
import { refuse } from '../failures';
import type { Caller, Ports, UseCase } from '../ports';
import { applyEdit, requireStorable, type EditPorts } from '../rollouts/plan-edit';
import { planDepartments } from '../rollouts/setup';
import { anchorJql, patchRollout, projectForbidden, spaceForbidden, validatePlan } from './context';
import { pageFacts, pageLanguage, syncStrategyPage, type PagePorts } from './page';
import { creationSteps, strategyDetail, type DetailPorts } from './views';

/** What creating a strategy reaches: the page, its issue, the lease, the plan's checks. */
type CreationPorts = PagePorts & EditPorts & Pick<Ports, 'standIns' | 'leases'>;

/** Longer than any invocation (25 s), so a live attempt never loses it to another. */
const CREATION_LEASE_MS = 60_000;

function requestReused(): AppFailure {
  return refuse('errors.request.reused');
}

/** The type of the anchor issue: an epic where the project has one (the work can be its children), else a task. */
function anchorIssueType(project: ProjectInfo): string | undefined {
  const standard = project.issueTypes.filter((type) => !type.subtask);
  return (
    standard.find((type) => type.hierarchyLevel === 1 || type.name.toLowerCase() === 'epic') ??
    standard.find((type) => type.name.toLowerCase() === 'task') ??
    standard[0]
  )?.id;
}

/** CONFLICT on the title field: the strategy page's title is another page's in the space. */
function pageTitleTaken(pageTitle: string): AppFailure {
  return refuse('errors.strategy.pageTitleTaken', {
    params: { title: pageTitle },
    details: {
      fields: [
        {
          path: 'title',
          messageKey: 'errors.strategy.pageTitleTaken',
          params: { title: pageTitle },
        },
      ],
    },
  });
}

/**
 * The page titled `pageTitle` in the space: 'free' when there is none, its id when it is the
 * strategy page of `rolloutId` (an earlier attempt made it), 'taken' when it is anyone else's.
 * Asked as the app, so a page the user may not see still counts.
 */
async function pageTitled(
  ports: Pick<Ports, 'confluence'>,
  spaceId: string,
  pageTitle: string,
  rolloutId: string | undefined,
): Promise<{ state: 'free' } | { state: 'taken' } | { state: 'ours'; pageId: string }> {
  const existing = await ports.confluence.findPageByTitle(spaceId, pageTitle);
  if (!existing) return { state: 'free' };
  if (rolloutId !== undefined && isStrategyPageOf(existing.body, rolloutId)) {
    return { state: 'ours', pageId: existing.id };
  }
  return { state: 'taken' };
}

/**
 * Confluence failed to make the page after the issue was made (step 2 comes first, so a page
 * always names its issue). Both stay consistent as they are: the draft records its issue, the
 * issue carries the rollout's property and claim, so the next attempt reuses it and a discard
 * releases it. The error names the issue and says what to do, rather than only "Confluence did
 * not answer".
 */
function pageNotCreated(rollout: Rollout): AppFailure {
  // The steps done so far, as the flow's checklist shows them (the rollout and its issue, no page).
  return refuse('errors.strategy.pageNotCreated', {
    params: { key: rollout.anchorIssueKey },
    details: { current: creationSteps(rollout) },
  });
}

/**
 * Step 3: the strategy page, found again if an earlier attempt made it, else created as the user
 * in one write: the issue exists, so the body names its key from version 1.
 */
async function ensurePage(ports: PagePorts, call: Caller, rollout: Rollout): Promise<Rollout> {
  if (rollout.strategyPageId !== '') return rollout;
  const title = strategyPageTitle(rollout.language, rollout.title);
  const findOurs = async (): Promise<string | undefined> => {
    const found = await pageTitled(ports, rollout.spaceId, title, rollout.id);
    if (found.state === 'taken') throw pageTitleTaken(title);
    return found.state === 'ours' ? found.pageId : undefined;
  };
  let pageId = await findOurs();
  if (pageId === undefined) {
    const body = strategyPageBody(await pageFacts(ports, call, rollout));
    const write = await ports.confluence
      .createPage({ spaceId: rollout.spaceId, title, body })
      .catch((error: unknown) => {
        throw error instanceof UpstreamError ? pageNotCreated(rollout) : error;
      });
    if (write.ok) pageId = write.page.id;
    else if (write.refusal === 'duplicate-title') {
      // Made meanwhile, by a racing attempt (ours) or by someone (not ours).
      pageId = await findOurs();
      if (pageId === undefined) throw pageTitleTaken(title);
    } else {
      throw spaceForbidden();
    }
  }
  const id = pageId;
  return patchRollout(ports, rollout, (current) =>
    current.strategyPageId === '' ? { strategyPageId: id } : undefined,
  );
}

/**
 * Step 2: the anchor issue, found by its property if an earlier attempt made it, else created as
 * the user. Its description names the page by title until step 4 links it (the page has no
 * address yet).
 */
async function ensureIssue(
  ports: Pick<Ports, 'jira' | 'rollouts' | 'now'>,
  rollout: Rollout,
): Promise<Rollout> {
  if (rollout.anchorIssueId !== '') return rollout;
  const found = (await ports.jira.findByProperty(anchorJql(rollout.id), 5)).find(
    (issue) => issue.property.role === 'anchor',
  );
  let issue = found ? { id: found.id, key: found.key } : undefined;
  if (!issue) {
    const project = await ports.jira.project(rollout.projectKey);
    const issueTypeId = project ? anchorIssueType(project) : undefined;
    if (!project || issueTypeId === undefined) {
      throw projectForbidden(rollout.projectKey);
    }
    const { language } = rollout;
    issue = await ports.jira.createIssue({
      projectKey: project.key,
      issueTypeId,
      summary: rollout.title,
      description: anchorDescription(
        language,
        { title: strategyPageTitle(language, rollout.title), url: '' },
        rollout.objective,
      ),
      properties: [
        {
          key: ROLLOUT_PROPERTY_KEY,
          value: { rolloutId: rollout.id, role: 'anchor', approvalState: rollout.approvalState },
        },
      ],
    });
  }
  const anchor = issue;
  if (!(await ports.rollouts.claimIssue(anchor.id, rollout.id))) {
    throw refuse('errors.rollout.alreadyExists');
  }
  const next = await patchRollout(ports, rollout, (current) =>
    current.anchorIssueId === ''
      ? { anchorIssueId: anchor.id, anchorIssueKey: anchor.key }
      : undefined,
  );
  if (found) await setPropertySafely(ports.jira, next);
  return next;
}

/**
 * Step 4: the issue's description links the page (and its summary takes the title a retry may
 * have changed), then the page is checked against the rollout (a read; written only if it lags,
 * e.g. a page an earlier attempt made). `pageRevision` is raised last: it is this step's done
 * marker, so a failed Jira edit is redone by the next attempt.
 */
async function linkIssue(ports: PagePorts, call: Caller, rollout: Rollout): Promise<Rollout> {
  if (creationSteps(rollout).linked) return rollout;
  const page = await ports.confluence.page(rollout.strategyPageId, 'app', false);
  if (page) {
    const edited = await ports.jira.editIssue(rollout.anchorIssueId, {
      summary: rollout.title,
      description: anchorDescription(
        rollout.language,
        { title: page.title, url: page.url },
        rollout.objective,
      ),
    });
    if (!edited.ok) throw new UpstreamError('Jira', edited.status, 'linking the issue to its page');
  }
  return syncStrategyPage(ports, call, rollout);
}

function creationRunning(): AppFailure {
  return refuse('errors.strategy.creationRunning');
}

/**
 * Steps 2 to 4, each skipped when done; one attempt at a time. `revise`, run first under the
 * lease, may bring a draft that has no page yet in line with the form (see `reviseDraft`).
 */
async function finishCreation(
  ports: CreationPorts,
  call: Caller,
  start: Rollout,
  revise: (current: Rollout) => Promise<Rollout> = (current) => Promise.resolve(current),
): Promise<Rollout> {
  if (creationSteps(start).linked) return start;
  const taken = await ports.leases.acquire(
    'create',
    start.id,
    ports.newId(),
    ports.now(),
    CREATION_LEASE_MS,
  );
  if (!taken.acquired) throw creationRunning();
  try {
    let rollout = await revise((await ports.rollouts.get(start.id)) ?? start);
    rollout = await ensureIssue(ports, rollout);
    rollout = await ensurePage(ports, call, rollout);
    return await linkIssue(ports, call, rollout);
  } finally {
    await ports.leases.release(taken.lease, taken.lease.recent);
  }
}

type StrategyPayload = PayloadOut<'strategy/create'>;

/**
 * The rollout fields a creation form sets, checked against the directory and the plan rules. Only
 * the chosen departments are read, by key (decision 0060): an id the directory does not hold is
 * absent from the answer, so `planDepartments` refuses it as unknown.
 */
async function draftFields(
  ports: Pick<Ports, 'standIns' | 'jira' | 'now'>,
  payload: StrategyPayload,
): Promise<{ fields: Pick<Rollout, DraftField>; directory: Department[] }> {
  const { departments: directory } = await ports.standIns.forRound({
    departmentIds: payload.departments.map((d) => d.departmentId),
    people: [],
    day: today(ports.now()),
  });
  const departments = await planDepartments(
    ports,
    payload.departments,
    directory,
    payload.plan.sessions.map((session) => session.ownerAccountId),
  );
  validatePlan(payload.plan, departments, payload.targetDate, {
    now: ports.now(),
    strategy: true,
  });
  return {
    directory,
    fields: {
      title: payload.title,
      objective: payload.objective,
      targetDate: payload.targetDate,
      projectKey: payload.projectKey,
      departments,
      phases: payload.plan.phases,
      sessions: payload.plan.sessions,
      targets: targetsOf(payload.plan.targets),
    },
  };
}

type DraftField =
  | 'title'
  | 'objective'
  | 'targetDate'
  | 'projectKey'
  | 'departments'
  | 'phases'
  | 'sessions'
  | 'targets';

const DRAFT_FIELDS: readonly DraftField[] = [
  'title',
  'objective',
  'targetDate',
  'projectKey',
  'departments',
  'phases',
  'sessions',
  'targets',
];

/**
 * A retry of a creation whose page does not exist yet: until then the draft is the form's
 * content in storage (and maybe its issue), so it takes what the form says now (another title
 * after "a page with this title exists", a plan fixed meanwhile); step 4 gives the issue the new
 * title. Once the page exists the draft is what it is and a retry finishes it as stored. A page
 * an earlier attempt made under the old title is kept.
 */
async function reviseDraft(
  ports: CreationPorts,
  call: Caller,
  current: Rollout,
  payload: StrategyPayload,
): Promise<Rollout> {
  if (current.strategyPageId !== '') return current;
  const { fields, directory } = await draftFields(ports, payload);
  const changed = DRAFT_FIELDS.some(
    (field) => JSON.stringify(current[field]) !== JSON.stringify(fields[field]),
  );
  if (!changed) return current;
  if (fields.title !== current.title) {
    const before = await pageTitled(
      ports,
      current.spaceId,
      strategyPageTitle(current.language, current.title),
      current.id,
    );
    // An earlier attempt made the page under the old title: finish that one.
    if (before.state === 'ours') return current;
    const pageTitle = strategyPageTitle(current.language, fields.title);
    if ((await pageTitled(ports, current.spaceId, pageTitle, current.id)).state === 'taken') {
      throw pageTitleTaken(pageTitle);
    }
  }
  // A strategy being finished was never approved: no round to confirm.
  const outcome = await applyEdit(ports, call, current, { ...current, ...fields }, directory, true);
  if (outcome === 'stale') throw creationRunning();
  return outcome.rollout;
}

export const createStrategy: UseCase<'strategy/create', CreationPorts & DetailPorts> = async (
  payload,
  call,
  ports,
) => {
  const [space, rights] = await Promise.all([
    spaceAccess(ports, call),
    ports.jira.projectRights(payload.projectKey),
  ]);
  // The space first: someone who cannot see it learns nothing else.
  if (!space) throw spaceNotFound();
  if (!space.canCreatePages) throw spaceForbidden();
  if (!rights.create || !rights.edit) throw projectForbidden(payload.projectKey);
  // The request id is the rollout id: a retried submission continues the rollout it made.
  let rollout = await ports.rollouts.get(payload.requestId);
  // A retry: the stored draft may take the form's content (see reviseDraft).
  const retried = rollout !== undefined;
  if (rollout) {
    if (rollout.createdBy !== call.accountId || rollout.spaceId !== space.id) {
      throw requestReused();
    }
  } else {
    const { fields } = await draftFields(ports, payload);
    const made = newRollout(
      {
        id: payload.requestId,
        title: fields.title,
        objective: fields.objective,
        targetDate: fields.targetDate,
        projectKey: fields.projectKey,
        departments: fields.departments,
        createdBy: call.accountId,
        language: pageLanguage(call),
        strategy: {
          spaceId: space.id,
          spaceKey: space.key,
          phases: fields.phases,
          sessions: fields.sessions,
          targets: fields.targets,
        },
      },
      ports.now(),
    );
    requireStorable(made);
    // Before anything is written: a title whose page exists would leave a draft that cannot finish.
    const pageTitle = strategyPageTitle(made.language, made.title);
    if ((await pageTitled(ports, space.id, pageTitle, undefined)).state !== 'free') {
      throw pageTitleTaken(pageTitle);
    }
    await ports.rollouts.linkDepartments(
      made.id,
      made.departments.map((d) => d.departmentId),
      [],
      made.createdAt,
    );
    if ((await ports.rollouts.create(made, [createdEvent(made)])) === 'stale') {
      const winner = await ports.rollouts.get(made.id);
      if (winner?.createdBy !== call.accountId) throw requestReused();
      rollout = winner;
    } else rollout = made;
  }
  const done = await finishCreation(
    ports,
    call,
    rollout,
    retried ? (current) => reviseDraft(ports, call, current, payload) : undefined,
  );
  const issue = await ports.jira.issueAccess(done.anchorIssueId);
  return strategyDetail(ports, call, done, issue);
};

/** Whether a title is free for a strategy in the context's space (its page title not taken). */
export const checkTitle: UseCase<
  'strategy/checkTitle',
  Pick<Ports, 'confluence' | 'rollouts'>
> = async (payload, call, ports) => {
  const space = await spaceAccess(ports, call);
  if (!space) throw spaceNotFound();
  let language = pageLanguage(call);
  if (payload.rolloutId !== undefined) {
    // A draft of the user's own keeps the language its page is written in.
    const draft = await ports.rollouts.get(payload.rolloutId);
    if (draft?.createdBy === call.accountId) language = draft.language;
  }
  const pageTitle = strategyPageTitle(language, payload.title);
  const found = await pageTitled(ports, space.id, pageTitle, payload.rolloutId);
  return { title: payload.title, pageTitle, available: found.state !== 'taken' };
};
