import Spinner from '@atlaskit/spinner';
import { Box, Inline, Text } from '@atlaskit/primitives';

/** Progress for anything slower than a blink; announced to screen readers. */
export function Loading(props: { label: string }) {
  return (
    <Box padding="space.300" role="status" aria-live="polite">
      <Inline space="space.100" alignBlock="center">
        <Spinner size="medium" label={props.label} />
        <Text color="color.text.subtle">{props.label}</Text>
      </Inline>
    </Box>
  );
}
