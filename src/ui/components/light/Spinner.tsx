/**
 * Atlaskit's Spinner and the app's Loading line. Drawn as plain elements with the same design tokens as Atlaskit's, for the surfaces a
 * Confluence page may hold several times: each macro is a frame of its own, and Atlaskit's
 * primitives, Button and Lozenge bring Emotion, analytics and motion (about 40 kB gzip) into every
 * one of them before it can draw. Same roles and accessible names as the components they stand for. Decision 0033.
 */
import { classes, Text } from './Text';
import './spinner.css';

const SPINNER_SIZE = { small: 16, medium: 24 } as const;

/** A spinner; with a label it is an image of that name, otherwise decoration. */
export function Spinner(props: {
  size?: keyof typeof SPINNER_SIZE;
  label?: string;
  appearance?: 'inherit' | 'invert';
}) {
  const size = SPINNER_SIZE[props.size ?? 'medium'];
  return (
    <span
      className={classes('rc-l-spinner', props.appearance === 'invert' && 'rc-l-spinner-invert')}
      style={{ inlineSize: size, blockSize: size }}
    >
      <svg
        height={size}
        width={size}
        viewBox="0 0 16 16"
        xmlns="http://www.w3.org/2000/svg"
        role={props.label ? 'img' : 'none'}
        aria-label={props.label === '' ? undefined : props.label}
      >
        <circle cx="8" cy="8" r="7" />
      </svg>
    </span>
  );
}

/** Progress for anything slower than a blink; announced to screen readers. */
export function Loading(props: { label: string }) {
  return (
    <div className="rc-l-loading" role="status" aria-live="polite">
      <Spinner size="medium" label={props.label} />
      <Text color="color.text.subtle">{props.label}</Text>
    </div>
  );
}
