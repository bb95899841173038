/**
 * Readiness as its readers see it: per pulse, each asked department's ADKAR means, barrier point
 * and score (shown only as the domain's suppression allows), with its trend across pulses, and
 * the recent check-ins. Read from the pulses' running tallies: never from the answers, so its
 * cost is two storage reads (the rollout's pulses, one page; its recent check-ins, one page)
 * plus the rollout, whatever the number of answers.
 */
import type { PulseDepartmentView, PulseResultView, ReadinessView } from '../../contract';
import { canSeeAggregates, commentDepartments, pulseState, type Pulse } from '../../domain/pulses';
import {
  PULSE_ROLES,
  departmentReadiness,
  groupReadiness,
  roleGroup,
  shownGroups,
  trendOf,
  type RolloutReadiness,
} from '../../domain/readiness';
import type { Rollout } from '../../domain/rollout';
import type { Ports } from '../ports';

export interface ReadinessViewer {
  accountId: string;
  isJiraAdmin: boolean;
}

/**
 * The readiness of a loaded rollout for `viewer`, for the progress gadget, its daily snapshot and
 * the suggestions: empty (no pulse, no check-in) when the viewer may not see it (only the
 * coordinator, the rollout's heads and Jira admins may); `'app'` is the app itself (the daily
 * job), which reads what is shown to those people. Two storage reads. The caller has checked that
 * the viewer may browse the rollout's anchor issue.
 */
export async function readinessFor(
  rollout: Rollout,
  viewer: ReadinessViewer | 'app',
  ports: Pick<Ports, 'pulses'>,
): Promise<RolloutReadiness> {
  if (viewer !== 'app' && !canSeeAggregates(rollout, viewer)) return { pulses: [], checkIns: [] };
  const [pulses, checkIns] = await Promise.all([
    ports.pulses.listByRollout(rollout.id),
    ports.pulses.recentCheckIns(rollout.id),
  ]);
  return {
    pulses: pulses.map((pulse) => ({
      pulseId: pulse.id,
      period: { from: pulse.from, to: pulse.to },
      byDepartment: departmentReadiness(pulse.tallies, pulse.departmentIds),
    })),
    checkIns: checkIns.map((checkIn) => ({
      departmentId: checkIn.departmentId,
      rating: checkIn.rating,
      at: checkIn.at,
    })),
  };
}

/** `readinessFor` by rollout id: null when there is no such rollout or the viewer may not see it. */
export async function readinessOf(
  rolloutId: string,
  viewer: ReadinessViewer,
  ports: Pick<Ports, 'rollouts' | 'pulses'>,
): Promise<RolloutReadiness | null> {
  const rollout = await ports.rollouts.get(rolloutId);
  if (!rollout || !canSeeAggregates(rollout, viewer)) return null;
  return readinessFor(rollout, viewer, ports);
}

/** No figures: what the total and the roles show to someone who may not see readiness. */
const HIDDEN: ReadinessView = {
  shown: false,
  answers: null,
  means: null,
  barrier: null,
  score: null,
};

/**
 * The pulses as `viewer` sees them on the rollout's panel, earliest first: figures for those who
 * may see them, each department's trend against its last shown score in an earlier pulse.
 */
export function pulseResults(
  rollout: Rollout,
  pulses: readonly Pulse[],
  viewer: ReadinessViewer,
  day: string,
): PulseResultView[] {
  const sees = canSeeAggregates(rollout, viewer);
  const readers = commentDepartments(rollout, viewer);
  const names = new Map(rollout.departments.map((d) => [d.departmentId, d.name]));
  const lastScore = new Map<string, number>();
  return pulses.map((pulse) => {
    const shown = shownGroups(pulse.tallies);
    const byDepartment: PulseDepartmentView[] = departmentReadiness(
      pulse.tallies,
      pulse.departmentIds,
    ).map((readiness) => {
      const trend = trendOf(lastScore.get(readiness.departmentId) ?? null, readiness.score);
      if (readiness.score !== null) lastScore.set(readiness.departmentId, readiness.score);
      const figures = sees ? readiness : { ...HIDDEN, departmentId: readiness.departmentId };
      return {
        ...figures,
        name: names.get(readiness.departmentId) ?? '',
        trend: sees ? trend : null,
        canReadComments: sees && readiness.shown && readers.has(readiness.departmentId),
      };
    });
    const total = pulse.tallies.find((t) => t.group === 'total');
    return {
      id: pulse.id,
      from: pulse.from,
      to: pulse.to,
      state: pulseState(pulse, day),
      version: pulse.version,
      answers: sees ? (total?.running.answers ?? 0) : 0,
      total: sees ? groupReadiness(pulse.tallies, shown, 'total') : HIDDEN,
      byRole: PULSE_ROLES.map((role) => ({
        role,
        ...(sees ? groupReadiness(pulse.tallies, shown, roleGroup(role)) : HIDDEN),
      })),
      byDepartment,
    };
  });
}
