/**
 * The "Rollout pulse" macro on a Confluence page: where employees answer a rollout's pulse,
 * anonymously. Bound to a rollout by its config, or to the rollout whose strategy page holds it.
 */
import { Box } from '@atlaskit/primitives';
import { PulseForm } from './PulseForm';

export default function PulseMacro() {
  return (
    <Box padding="space.200">
      <PulseForm />
    </Box>
  );
}
