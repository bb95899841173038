/**
 * Atlaskit's Lozenge (subtle, as @atlaskit/lozenge 17 draws it). Drawn as plain elements with the same design tokens as Atlaskit's, for the surfaces a
 * Confluence page may hold several times: each macro is a frame of its own, and Atlaskit's
 * primitives, Button and Lozenge bring Emotion, analytics and motion (about 40 kB gzip) into every
 * one of them before it can draw. Same roles and accessible names as the components they stand for. Decision 0033.
 */
import type { ReactNode } from 'react';
import type { ThemeAppearance } from '@atlaskit/lozenge';
import './lozenge.css';

/** Lozenge's legacy appearances, as @atlaskit/lozenge 17 maps them to its colours. */
const LOZENGE_COLOR: Record<ThemeAppearance, string> = {
  default: 'neutral',
  inprogress: 'information',
  moved: 'warning',
  new: 'discovery',
  removed: 'danger',
  success: 'success',
};

export function Lozenge(props: { appearance?: ThemeAppearance; children?: ReactNode }) {
  return (
    <span className={`rc-l-lozenge rc-l-lozenge-${LOZENGE_COLOR[props.appearance ?? 'default']}`}>
      <span className="rc-l-lozenge-content">
        <span className="rc-l-lozenge-text">{props.children}</span>
      </span>
    </span>
  );
}
