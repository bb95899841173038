/**
 * What the entry shows before a surface's code has arrived (or when none can start). Plain
 * elements on purpose: the entry chunk stays free of Atlaskit, which each surface loads itself.
 * Its class `startup` is how the bench (bench/browser-frame.js) tells it from the surface's own
 * first render: keep it on whatever the entry shows before a surface draws.
 */
export function StartupMessage(props: { text: string; failed?: boolean }) {
  return (
    <p
      className={props.failed ? 'startup startup-failed' : 'startup'}
      role={props.failed ? 'alert' : 'status'}
      aria-live="polite"
    >
      {props.text}
    </p>
  );
}
