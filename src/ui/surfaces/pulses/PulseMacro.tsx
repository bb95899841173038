/**
 * The "Rollout pulse" macro on a Confluence page: where employees answer a rollout's pulse,
 * anonymously. Bound to a rollout by its config, or to the rollout whose strategy page holds it.
 */
import { PulseForm } from './PulseForm';
import './pulses.css';

export default function PulseMacro() {
  return (
    <div className="rc-pulse-macro">
      <PulseForm />
    </div>
  );
}
