/**
 * Atlaskit's Button (default, primary, subtle). Drawn as plain elements with the same design tokens as Atlaskit's, for the surfaces a
 * Confluence page may hold several times: each macro is a frame of its own, and Atlaskit's
 * primitives, Button and Lozenge bring Emotion, analytics and motion (about 40 kB gzip) into every
 * one of them before it can draw. Same roles and accessible names as the components they stand for. Decision 0033.
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
  appearance?: 'default' | 'primary' | 'subtle';
  type?: 'button' | 'submit';
  isLoading?: boolean;
  isDisabled?: boolean;
  onClick?: MouseEventHandler<HTMLButtonElement>;
  children?: ReactNode;
}) {
  const { t } = useTranslator();
  const appearance = props.appearance ?? 'default';
  const loading = props.isLoading === true;
  return (
    <button
      type={props.type ?? 'button'}
      className={`rc-l-button rc-l-button-${appearance}`}
      disabled={props.isDisabled}
      aria-live="polite"
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
          <Spinner size="medium" appearance={appearance === 'primary' ? 'invert' : 'inherit'} />
        </span>
      ) : null}
      {loading ? <span className="rc-visually-hidden">{`, ${t('common.loading')}`}</span> : null}
    </button>
  );
}
