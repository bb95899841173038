/**
 * What a push sends Jira for a plan (src/app/strategy/push-delivery.ts sends it): the issue of
 * each plan item, with its description, due date, labels, assignee, the `rollout-coordinator`
 * property that ties it to its plan item and the anchor as its parent (or a link to it where the
 * anchor cannot be a parent); and the work issues of earlier pushes still to bring under the
 * anchor (docs/decisions/0013). Pure: no call to Jira or storage.
 */
import {
  ROLLOUT_PROPERTY_KEY,
  type NewIssue,
  type ProjectInfo,
  type PropertyIssue,
} from '../../atlassian/jira/port';
import { isMeetingLink, type PlanItem } from '../../domain/plan';
import { type Rollout, type StrategySession } from '../../domain/rollout';
import { message, type Language } from '../../i18n';
import { formatDay } from '../../notifications/common';
import { workDescription } from '../../templates/issues';
import { sessionDuration, sessionWhen } from '../../templates/words';

/** The plan's issues are tasks where the project has them, else its first standard type. */
export function workIssueType(project: ProjectInfo): string | undefined {
  const standard = project.issueTypes.filter((t) => !t.subtask && t.hierarchyLevel === 0);
  return (standard.find((t) => t.name.toLowerCase() === 'task') ?? standard[0])?.id;
}

export function planItemOf(property: Record<string, unknown>): string | undefined {
  return typeof property.planItemId === 'string' ? property.planItemId : undefined;
}

export interface IssueContext {
  rollout: Rollout;
  projectKey: string;
  issueTypeId: string;
  /** The anchor's key when it can be the work's parent (an epic); undefined: link instead. */
  parentKey: string | undefined;
  linkTypeName: string | undefined;
  schedule: boolean;
  /** The pushing user may set assignees: each session's issue goes to its owner. */
  assign: boolean;
  /** Plan items whose owner Jira would not take as assignee: made unassigned. */
  unassigned: Set<string>;
  page: { title: string; url: string } | undefined;
}

/** Links to the anchor that earlier pushes made, by this link type's name. */
export const EARLIER_LINK_TYPE = 'relates';

/** An earlier work issue to bring under the anchor: its key, whether to set the parent, links to drop. */
export interface Move {
  key: string;
  setParent: boolean;
  linkIds: string[];
}

/**
 * The earlier work issues that are not yet children of the anchor, or still carry the link an
 * earlier push made to it (removed only where the user may link issues).
 */
export function movesOf(
  existing: readonly PropertyIssue[],
  anchor: { id: string; key: string },
  removeLinks: boolean,
): Move[] {
  // By id first: a key changes when the anchor moves to another project.
  const isAnchor = (id: string, key: string): boolean =>
    id !== '' ? id === anchor.id : key === anchor.key;
  return existing.flatMap((issue) => {
    const relations = issue.relations;
    if (!relations || issue.property.role !== 'work') return [];
    const setParent = !isAnchor(relations.parentId, relations.parentKey);
    const linkIds = removeLinks
      ? relations.links
          .filter(
            (link) =>
              isAnchor(link.otherId, link.otherKey) &&
              link.typeName.toLowerCase() === EARLIER_LINK_TYPE,
          )
          .map((link) => link.id)
      : [];
    return setParent || linkIds.length > 0 ? [{ key: issue.key, setParent, linkIds }] : [];
  });
}

export function newIssue(context: IssueContext, item: PlanItem): NewIssue {
  const { rollout } = context;
  const phase = rollout.phases.find((p) => p.id === item.phaseId);
  const session = rollout.sessions.find((s) => `session:${s.id}` === item.planItemId);
  const departmentName = session
    ? session.allDepartments
      ? message(rollout.language, 'strategyPage.allDepartments')
      : rollout.departments
          .filter((d) => session.departmentIds.includes(d.departmentId))
          .map((d) => d.name)
          .join(', ')
    : '';
  return {
    projectKey: context.projectKey,
    issueTypeId: context.issueTypeId,
    summary: item.summary,
    description: workDescription(rollout.language, item, {
      rolloutTitle: rollout.title,
      phaseName: phase?.name ?? '',
      departmentName,
      audience: session?.audience ?? '',
      ...(session ? { session: sessionFacts(rollout.language, session) } : {}),
      page: context.page,
    }),
    ...(context.schedule ? { dueDate: item.dueDate } : {}),
    labels: item.labels,
    ...(context.parentKey ? { parentKey: context.parentKey } : {}),
    ...(context.assign && item.assigneeAccountId !== '' && !context.unassigned.has(item.planItemId)
      ? { assigneeAccountId: item.assigneeAccountId }
      : {}),
    properties: [
      {
        key: ROLLOUT_PROPERTY_KEY,
        value: {
          rolloutId: rollout.id,
          role: 'work',
          planItemId: item.planItemId,
          phaseId: item.phaseId,
          departmentId: item.departmentId,
          departmentIds: item.departmentIds,
          kind: item.kind,
        },
      },
    ],
    ...(context.linkTypeName && !context.parentKey
      ? { linkTo: { linkTypeName: context.linkTypeName, issueKey: rollout.anchorIssueKey } }
      : {}),
  };
}

/** When, how long, where and for how many, as the session's issue says it. */
function sessionFacts(language: Language, session: StrategySession) {
  return {
    when: sessionWhen(language, formatDay(session.date, language), session.startTime),
    duration: sessionDuration(language, session.durationMinutes),
    place: session.place,
    link: isMeetingLink(session.place),
    capacity: session.capacity,
  };
}
