/**
 * The "My rollouts" page (`jira:globalPage`): what waits for the person who opens it, across
 * rollouts, in one call. Every item belongs to a rollout whose anchor issue they may browse.
 */
import { z } from 'zod';
import { approvalIdSchema } from '../domain/ids';
import { commentSchema, decisionSchema } from '../domain/approvals';
import type { ProblemStatus } from '../domain/problems';
import type { ProblemSeverity } from '../domain/rules/problems';
import type { SessionKind } from '../domain/rules/plan';
import type { UserSummary } from './directory';

/** Where an item lives: its rollout and the Jira issue that opens it. */
export interface MineRollout {
  id: string;
  title: string;
  /** The anchor issue's key: the Approvals and Rollout panels are there. */
  issueKey: string;
}

/** A pending approval whose stage is open, for the viewer as approver or as active delegate. */
export interface MineApproval {
  id: string;
  version: number;
  rollout: MineRollout;
  departmentName: string;
  stage: number;
  /** When its stage opened: the age the page shows, oldest first. */
  waitingSince: string;
  /** Whole days since `waitingSince`. */
  ageDays: number;
  /** The head the viewer stands in for; null when the approval is the viewer's own. */
  onBehalfOf: UserSummary | null;
  /** In a re-confirmation round: how many plan changes concern this department. */
  changes: number;
}

/** An open problem the viewer owns. */
export interface MineProblem {
  id: string;
  rollout: MineRollout;
  issueKey: string;
  summary: string;
  severity: ProblemSeverity;
  status: ProblemStatus;
  raisedAt: string;
  ageDays: number;
}

/** A session the viewer runs, today or later. */
export interface MineSession {
  id: string;
  rollout: MineRollout;
  title: string;
  kind: SessionKind;
  /** YYYY-MM-DD and 'HH:MM'. */
  date: string;
  startTime: string;
  place: string;
}

/** A pulse open today in a rollout the viewer takes part in, not yet answered by them. */
export interface MinePulse {
  id: string;
  rollout: MineRollout;
  /** YYYY-MM-DD: the last day of its period. */
  to: string;
}

/**
 * A policy page the viewer must acknowledge. The policy feature fills this section through the
 * `policies` port of the load (src/app/mine/load.ts); until it is wired the list is empty.
 */
export interface MinePolicy {
  id: string;
  rollout: MineRollout;
  title: string;
  /** The page version to acknowledge. */
  version: number;
  url: string;
}

export interface MyRolloutsView {
  approvals: MineApproval[];
  problems: MineProblem[];
  sessions: MineSession[];
  pulses: MinePulse[];
  policies: MinePolicy[];
  /** True when the viewer has more than one page of items: the page says the list is cut. */
  more: boolean;
}

export const mineDecideSchema = z
  .object({
    approvalId: approvalIdSchema,
    version: z.number().int().min(1),
    decision: decisionSchema,
    comment: commentSchema.default(''),
  })
  .strict();
