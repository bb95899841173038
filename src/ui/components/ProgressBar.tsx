/**
 * A thin bar for "done of total". Decorative: the numbers are always written next to it, so
 * the bar itself is hidden from screen readers rather than announced a second time.
 */
import './steps.css';

export function ProgressBar(props: { done: number; total: number; tone?: 'success' | 'brand' }) {
  const share = props.total > 0 ? Math.min(1, Math.max(0, props.done / props.total)) : 0;
  return (
    <span className="rc-bar" aria-hidden="true">
      <span
        className={`rc-bar-fill rc-bar-${props.tone ?? 'success'}`}
        style={{ inlineSize: `${String(Math.round(share * 1000) / 10)}%` }}
      />
    </span>
  );
}
