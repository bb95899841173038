/**
 * The Rollout progress gadget's part of the contract: its configuration (which rollouts, which
 * view) and what one load answers for each rollout.
 */
import { z } from 'zod';
import { uuidSchema } from '../domain/ids';
import type { Reason, TrackStatus } from '../domain/plan-vs-actual';
import type { ProblemSeverity } from '../domain/problems';
import type { ApprovalState, Lifecycle } from '../domain/rollout';
import type { ReadinessState } from '../domain/signals';
import type { ApprovalBottlenecks } from '../domain/bottlenecks';

import { GADGET_ROLLOUTS_MAX, GADGET_VIEWS } from './gadget-config';

export * from './gadget-config';

/** The gadget's configuration as saved with `view.submit` (Jira adds nothing to it). */
export const gadgetConfigSchema = z
  .object({
    rolloutIds: z
      .array(uuidSchema, { error: 'errors.gadget.rollouts' })
      .min(1, { error: 'errors.gadget.rollouts' })
      .max(GADGET_ROLLOUTS_MAX, { error: 'errors.gadget.tooMany' }),
    view: z.enum(GADGET_VIEWS, { error: 'errors.field.invalid' }),
    refresh: z.number().int().min(0).max(1440).optional(),
  })
  .strict();
export type GadgetConfig = z.output<typeof gadgetConfigSchema>;

export const gadgetLoadSchema = z
  .object({
    rolloutIds: z
      .array(uuidSchema, { error: 'errors.gadget.rollouts' })
      .min(1, { error: 'errors.gadget.rollouts' })
      .max(GADGET_ROLLOUTS_MAX, { error: 'errors.gadget.tooMany' }),
  })
  .strict();

/**
 * A page of the edit view's rollouts: `cursor` is the previous page's `nextCursor` (opaque to the
 * UI), absent for the first page.
 */
export const gadgetOptionsSchema = z
  .object({
    cursor: z.string({ error: 'errors.field.invalid' }).min(1).max(2000).optional(),
  })
  .strict();

export interface GadgetOptionsPage {
  /** This page's rollouts the viewer may see, by title. */
  rollouts: GadgetOption[];
  /** Where the next page starts; null after the last. */
  nextCursor: string | null;
}

export interface GadgetCell {
  phaseId: string;
  /** '' for the phase's own work (its tasks). */
  departmentId: string;
  open: number;
  done: number;
  overdue: number;
  expectedPercent: number;
  actualPercent: number;
  status: TrackStatus;
  reason: Reason;
}

export interface GadgetPhase {
  id: string;
  name: string;
  start: string;
  end: string;
  done: number;
  total: number;
  /** Sessions of the phase whose date has come, of all its sessions. */
  sessionsHeld: number;
  sessions: number;
  completed: boolean;
}

export interface GadgetDepartment {
  id: string;
  name: string;
  done: number;
  total: number;
  sessionsHeld: number;
  sessions: number;
  trainedPercent: number | null;
  /** Policy acknowledged % (null: unknown, or the rollout names no policy). */
  acknowledgedPercent: number | null;
  readiness: number | null;
  /** Why `readiness` is a score or not: hidden to stay anonymous, no answers yet, or not for this reader. */
  readinessState: ReadinessState;
  barrier: string | null;
  approval: string;
}

export interface GadgetRollout {
  id: string;
  title: string;
  issueKey: string;
  lifecycle: Lifecycle;
  approvalState: ApprovalState;
  targetDate: string;
  status: TrackStatus;
  reason: Reason;
  phases: GadgetPhase[];
  departments: GadgetDepartment[];
  cells: GadgetCell[];
  targets: {
    kind: 'adoption' | 'acknowledgement' | 'readiness';
    departmentId: string;
    expected: number;
    actual: number;
    status: TrackStatus;
    reason: Reason;
  }[];
  approvals: { approved: number; pending: number; blocked: number; total: number };
  /** Pending approvals by head and stage, with their age; overdue past the reminder cadence. */
  bottlenecks: ApprovalBottlenecks;
  /** Open problems by severity; `capped`: a count reached a page of storage (shown as "N+"). */
  problems: { bySeverity: Record<ProblemSeverity, number>; capped: boolean };
  trend: {
    planned: { day: string; percent: number }[];
    actual: { day: string; percent: number }[];
    /** Each pulse's readiness by department (null: not shown), oldest first. */
    readiness: { day: string; byDepartment: Record<string, number | null> }[];
  };
  /** Today's planned and actual done %. */
  plannedPercent: number;
  actualPercent: number;
  url: string;
}

export interface GadgetLoadView {
  today: string;
  rollouts: GadgetRollout[];
  /** How many configured rollouts the viewer cannot see (or that no longer exist). */
  unavailable: number;
}

export interface GadgetOption {
  id: string;
  title: string;
  issueKey: string;
}
