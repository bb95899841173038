/**
 * Confirmations a sighted user sees: Forge's `showFlag` puts them in the product's flag group, as
 * Jira and Confluence confirm their own changes. The surface keeps its screen-reader announcement
 * (a live region inside the app's frame), which does not depend on how the product announces
 * flags.
 */
import { showFlag } from '@forge/bridge';

let shown = 0;

/** Shows `title` as a success flag that closes by itself after a few seconds. */
export function confirmWithFlag(title: string): void {
  if (title === '') return;
  shown += 1;
  try {
    showFlag({
      id: `rollout-coordinator-${String(shown)}`,
      title,
      type: 'success',
      isAutoDismiss: true,
    });
  } catch {
    // Outside a Forge frame (no bridge) there is no flag group: the announcement remains.
  }
}
