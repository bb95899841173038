/**
 * One problem found by either step of `npm run lint:forge`, and how it is printed.
 *
 * Both steps report findings in the same shape so that the summary counts them together and the
 * exit code does not depend on which tool found a problem.
 */

export type Severity = 'error' | 'warning';

/** Which step found the problem: the manifest validator (1) or @forge/lint's linters (2). */
export type Step = 'manifest' | 'linters';

export interface Finding {
  step: Step;
  severity: Severity;
  /** Path as printed: relative to the directory the command was started from when possible. */
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file (the tools use 0 for that too). */
  line: number;
  /**
   * 0-based column, as both @forge/manifest and @forge/lint report it; printed 1-based so that
   * `file:line:col` opens at the right place in editors and terminals.
   */
  column: number;
  message: string;
  /** The tool's rule reference (e.g. `valid-module-required`), when it gives one. */
  reference?: string;
}

export interface Summary {
  errors: number;
  warnings: number;
}

export function summarize(findings: readonly Finding[]): Summary {
  let errors = 0;
  let warnings = 0;
  for (const finding of findings) {
    if (finding.severity === 'error') errors += 1;
    else warnings += 1;
  }
  return { errors, warnings };
}

export function formatLocation(finding: Pick<Finding, 'file' | 'line' | 'column'>): string {
  if (finding.line <= 0) return finding.file;
  return `${finding.file}:${finding.line}:${finding.column + 1}`;
}

export function formatFinding(finding: Finding): string {
  const reference = finding.reference ? `  (${finding.reference})` : '';
  return `  ${formatLocation(finding)}  ${finding.severity}  ${finding.message}${reference}`;
}

/** The summary line; its wording is fixed so that scripts and CI logs can match it. */
export function formatSummary(summary: Summary): string {
  return `forge lint: ${summary.errors} errors, ${summary.warnings} warnings`;
}
