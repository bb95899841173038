import Spinner from '@atlaskit/spinner';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Text } from '@atlaskit/primitives/compiled/text';

/** Progress for anything slower than a blink; announced to screen readers. */
export function Loading(props: { label: string }) {
  return (
    <div className="rc-inset-300" role="status" aria-live="polite">
      <Inline space="space.100" alignBlock="center">
        <Spinner size="medium" label={props.label} />
        <Text color="color.text.subtle">{props.label}</Text>
      </Inline>
    </div>
  );
}
