/**
 * A thin bar for "done of total". Decorative by default: the numbers are written next to it, so
 * the bar is hidden from screen readers rather than announced a second time. With a `label` it
 * is a progress bar in its own right (role `progressbar` with its value), for work under way.
 */
import './steps.css';

export function ProgressBar(props: {
  done: number;
  total: number;
  tone?: 'success' | 'brand';
  label?: string;
}) {
  const share = props.total > 0 ? Math.min(1, Math.max(0, props.done / props.total)) : 0;
  const bar = (
    <span className="rc-bar" aria-hidden="true">
      <span
        className={`rc-bar-fill rc-bar-${props.tone ?? 'success'}`}
        style={{ inlineSize: `${String(Math.round(share * 1000) / 10)}%` }}
      />
    </span>
  );
  if (props.label === undefined) return bar;
  return (
    <span
      className="rc-bar-meter"
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={Math.max(props.total, 0)}
      aria-valuenow={Math.min(Math.max(props.done, 0), Math.max(props.total, 0))}
    >
      {bar}
    </span>
  );
}
