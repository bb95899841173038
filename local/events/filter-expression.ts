/**
 * Evaluation of a trigger filter's `expression` (decision 0057).
 *
 * Each expression is compiled once, into one isolated `node:vm` context that the host keeps:
 * a new context per event cost ~6 ms and enough garbage that, on a busy machine, collections
 * inside the evaluation pushed it past its time limit, and events were judged by `onError`
 * instead of by their payload. The script runs in strict mode, so an expression cannot leave a
 * global behind for the next event by mistake; `event` is a fresh copy each time, so it cannot
 * change the event the function then receives.
 *
 * Jira bounds an expression by what it does (its "steps", a counted complexity the evaluation
 * fails past: `JiraExpressionsComplexityBean` in Jira's REST API), never by how busy the
 * machine is. Node can only stop a script by wall-clock time; the host's stand-in for the steps
 * limit is CPU time: an evaluation that runs out of its wait while having used less than
 * `EXPRESSION_CPU_LIMIT_MS` of the processor was held up by the machine (other processes, a
 * collection), not by the expression, and runs again with twice the wait, up to
 * `EXPRESSION_WAIT_MAX_MS`. One that used its CPU limit fails, as an expression over Jira's
 * limits does, and the trigger's `onError` decides.
 */
import { Script, createContext } from 'node:vm';

/** The processor time an expression may use before its evaluation fails. */
export const EXPRESSION_CPU_LIMIT_MS = 100;

/** The longest single wait for one evaluation on a machine too busy to give it the processor. */
export const EXPRESSION_WAIT_MAX_MS = 1_600;

/** An evaluation that went past the limit: the expression's error, as `onError` sees it. */
export class ExpressionLimitError extends Error {
  constructor(cpuMs: number, waitedMs: number) {
    super(
      `the expression did not finish within its limit (${String(Math.round(cpuMs))} ms of processor time in ${String(waitedMs)} ms)`,
    );
    this.name = 'ExpressionLimitError';
  }
}

interface Compiled {
  script: Script;
  /** The context's global object: `event` is set on it for each evaluation. */
  sandbox: { event: unknown };
}

/** Compiled expressions, by text (a manifest holds a handful); a syntax error is kept as such. */
const compiled = new Map<string, Compiled | Error>();

function compile(expression: string): Compiled {
  const known = compiled.get(expression);
  if (known instanceof Error) throw known;
  if (known) return known;
  let entry: Compiled | Error;
  try {
    const sandbox = { event: undefined as unknown };
    createContext(sandbox);
    entry = {
      script: new Script(`'use strict';\n${expression}`, { filename: 'trigger-filter' }),
      sandbox,
    };
  } catch (error) {
    entry = error instanceof Error ? error : new Error(String(error));
  }
  compiled.set(expression, entry);
  if (entry instanceof Error) throw entry;
  return entry;
}

function timedOut(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
  );
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * The value of `expression` with a copy of `event` as `event`; throws when it cannot be
 * evaluated (a syntax or runtime error, or `ExpressionLimitError`).
 */
export function evaluateFilterExpression(expression: string, event: unknown): unknown {
  const { script, sandbox } = compile(expression);
  for (let waitMs = EXPRESSION_CPU_LIMIT_MS; ; waitMs *= 2) {
    const start = process.cpuUsage();
    try {
      sandbox.event = structuredClone(event);
      return script.runInContext(sandbox, { timeout: waitMs }) as unknown;
    } catch (error) {
      if (!timedOut(error)) throw error;
      const cpuMs = cpuMsSince(start);
      if (cpuMs >= EXPRESSION_CPU_LIMIT_MS || waitMs >= EXPRESSION_WAIT_MAX_MS) {
        throw new ExpressionLimitError(cpuMs, waitMs);
      }
    } finally {
      sandbox.event = undefined;
    }
  }
}
