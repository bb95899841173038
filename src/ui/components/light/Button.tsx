/**
 * Atlaskit's Button (default, primary, subtle, warning, danger; default or compact spacing). Drawn
 * as a plain element with the same design tokens as Atlaskit's: Atlaskit's brings Pressable,
 * analytics and its Spinner (about 10 kB gzip) into every frame before it can draw, and a
 * Confluence page holds several. Same roles and accessible names as the component it stands for.
 * Decisions 0033 and 0040.
 */
import type { MouseEventHandler, ReactNode } from 'react';
import { useTranslator } from '../../i18n';
import { Spinner } from './Spinner';
import './button.css';

/**
 * A button. While `isLoading` it keeps its size, shows a spinner over its hidden text and is
 * announced busy; a click then does nothing (as Atlaskit's, it stays focusable).
 */
export function Button(props: {
  appearance?: 'default' | 'primary' | 'subtle' | 'warning' | 'danger';
  spacing?: 'default' | 'compact';
  type?: 'button' | 'submit';
  id?: string;
  'aria-label'?: string;
  'aria-describedby'?: string;
  'aria-expanded'?: boolean;
  'aria-controls'?: string;
  isLoading?: boolean;
  isDisabled?: boolean;
  onClick?: MouseEventHandler<HTMLButtonElement>;
  children?: ReactNode;
}) {
  const { t } = useTranslator();
  const appearance = props.appearance ?? 'default';
  const loading = props.isLoading === true;
  const label = props['aria-label'];
  const compact = props.spacing === 'compact' ? ' rc-l-button-compact' : '';
  return (
    <button
      type={props.type ?? 'button'}
      className={`rc-l-button rc-l-button-${appearance}${compact}`}
      disabled={props.isDisabled}
      aria-live="polite"
      id={props.id}
      // As Atlaskit's: a label given in place of the text says it is busy too.
      aria-label={loading && label !== undefined ? `${label}, ${t('common.loading')}` : label}
      aria-describedby={props['aria-describedby']}
      aria-expanded={props['aria-expanded']}
      aria-controls={props['aria-controls']}
      {...(loading ? { 'aria-disabled': true, 'aria-busy': true } : {})}
      onClick={(event) => {
        if (loading) {
          event.preventDefault();
          return;
        }
        props.onClick?.(event);
      }}
    >
      <span className="rc-l-button-text">{props.children}</span>
      {loading ? (
        <span className="rc-l-button-overlay">
          <Spinner
            size="medium"
            appearance={appearance === 'primary' || appearance === 'danger' ? 'invert' : 'inherit'}
          />
        </span>
      ) : null}
      {loading ? <span className="rc-visually-hidden">{`, ${t('common.loading')}`}</span> : null}
    </button>
  );
}
