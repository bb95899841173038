/** Small measuring helpers shared by the benchmarks: repeated runs, medians, a printed table. */
import type { InvocationOutcome } from '../local/app';

export interface Sample {
  storage: number;
  product: number;
  ms: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Runs `call` `runs` times; round trips must be equal every time, time is the median. */
export async function sample(
  runs: number,
  call: (run: number) => Promise<InvocationOutcome>,
): Promise<Sample> {
  const times: number[] = [];
  let storage = -1;
  let product = -1;
  for (let run = 0; run < runs; run += 1) {
    const outcome = await call(run);
    const body = outcome.body as { ok?: boolean; error?: { message?: string } } | undefined;
    if (body?.ok !== true)
      throw new Error(`benchmark call failed: ${body?.error?.message ?? 'no answer'}`);
    times.push(outcome.ms);
    storage = Math.max(storage, outcome.counters.storage);
    product = Math.max(product, outcome.counters.product);
  }
  return { storage, product, ms: median(times) };
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [
    headers,
    ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? format(cell) : cell))),
  ];
  const widths = headers.map((_, column) =>
    Math.max(...cells.map((row) => (row[column] ?? '').length)),
  );
  return cells
    .map((row, index) => {
      const line = row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
      return index === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Runs one bench on its own (`npx tsx bench/<one>.ts`): prints it, fails when a budget broke. */
export function runAlone(bench: () => Promise<{ report: string; ok: boolean }>): void {
  bench()
    .then((result) => {
      console.log(result.report);
      if (!result.ok) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
