/**
 * Where a multi-step flow stands: every step by name, the current one marked for screen readers
 * (`aria-current="step"`), the ones already reached offered as buttons to go back (or forward
 * again, e.g. when editing a complete plan).
 */
import './form.css';
import './steps.css';

export function ProgressSteps(props: {
  /** Names the navigation landmark, e.g. "Steps of the new rollout strategy". */
  label: string;
  steps: readonly string[];
  current: number;
  /** The furthest step that may be opened from here (defaults to the current one). */
  reachable?: number;
  /** Opening another reachable step; without it the indicator is read-only. */
  onSelect?: (index: number) => void;
  /** A text for the state of each step, read after its name ("done", "current", "to do"). */
  stateText: (state: 'done' | 'current' | 'todo') => string;
}) {
  const reachable = Math.max(props.reachable ?? props.current, props.current);
  return (
    <nav aria-label={props.label}>
      <ol className="rc-steps">
        {props.steps.map((name, index) => {
          const state =
            index < props.current ? 'done' : index === props.current ? 'current' : 'todo';
          const select = props.onSelect;
          const content = (
            <>
              <span className="rc-step-marker" aria-hidden="true">
                {state === 'done' ? '✓' : String(index + 1)}
              </span>
              <span className="rc-step-name">{name}</span>
              <span className="rc-visually-hidden">{`, ${props.stateText(state)}`}</span>
            </>
          );
          return (
            <li
              key={name}
              className={`rc-step rc-step-${state}`}
              {...(state === 'current' ? { 'aria-current': 'step' as const } : {})}
            >
              {select && index !== props.current && index <= reachable ? (
                <button
                  type="button"
                  className="rc-step-button"
                  onClick={() => {
                    select(index);
                  }}
                >
                  {content}
                </button>
              ) : (
                <span className="rc-step-static">{content}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
