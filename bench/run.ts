/**
 * `npm run bench`: prints the figures the performance budget is judged by (round trips and time
 * per call at growing sizes, the emulators at scale, and in Chromium each surface's first load
 * and invokes per load, with a throttled macro page's times) and exits non-zero when a budget is
 * broken. Timings are this machine's and only printed; round-trip counts, call counts
 * and sizes are exact and machine-independent, and those are judged.
 */
import { benchApprovals } from './approvals';
import { benchAttendance } from './attendance';
import { benchBrowser } from './browser';
import { benchCleanup } from './cleanup';
import { benchDirectory } from './directory';
import { benchEmulators } from './emulators';
import { benchGadget } from './gadget';
import { benchMacro, benchMacroReconciliation } from './macro';
import { benchMine, benchMineDirectory } from './mine';
import { benchPolicyReminders } from './policy-reminders';
import { benchProblems } from './problems';
import { benchReaders } from './readers';
import { benchRolloutPanel } from './rollout-panel';
import { benchStrategy } from './strategy';
import { benchSuggestions } from './suggestions';

async function main(): Promise<void> {
  const results = [
    await benchDirectory(),
    await benchApprovals(),
    await benchReaders(),
    await benchStrategy(),
    await benchRolloutPanel(),
    await benchSuggestions(),
    await benchGadget(),
    await benchMacro(),
    await benchMacroReconciliation(),
    await benchEmulators(),
    await benchProblems(),
    await benchPolicyReminders(),
    await benchAttendance(),
    await benchMine(),
    await benchMineDirectory(),
    await benchCleanup(),
    await benchBrowser(),
  ];
  for (const result of results) console.log(`${result.report}\n`);
  const failed = results.filter((result) => !result.ok).length;
  console.log(failed === 0 ? 'All budgets met.' : `${failed} budget(s) broken.`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
