/**
 * The `jira:issueAction` "Raise a problem": a dialog on any issue of a rollout, hosting the same
 * raise flow as the Rollout panel.
 */
import { view } from '@forge/bridge';
import { RaiseProblem } from './RaiseProblem';

function close(): void {
  // Outside a dialog (a host page without one) closing does nothing, which is fine.
  view.close().catch(() => undefined);
}

export default function RaiseProblemAction() {
  return (
    <div className="rc-inset-200">
      <RaiseProblem onClose={close} />
    </div>
  );
}
