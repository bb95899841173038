/**
 * A lozenge as Atlaskit draws it (@atlaskit/lozenge 17: same markup, rules and tokens), without
 * the package: its one component also carries the interactive dropdown trigger, the badge of a
 * trailing metric, motion and Pressable (about 10 KB gzip on every surface that shows a status),
 * none of which a status label here uses. Decision 0034.
 */
import type { ReactNode } from 'react';
import './lozenge.css';

/** Atlaskit's appearance names (its `ThemeAppearance`), as the screens use them. */
export type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

/** The colour each name draws with, as Atlaskit 17 maps them. */
const COLOUR: Record<LozengeAppearance, string> = {
  default: 'neutral',
  inprogress: 'information',
  moved: 'warning',
  new: 'discovery',
  removed: 'danger',
  success: 'success',
};

export function Lozenge(props: {
  appearance?: LozengeAppearance;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={`rc-lozenge rc-lozenge-${COLOUR[props.appearance ?? 'default']}`}
      data-testid={props.testId}
    >
      <span className="rc-lozenge-content">
        <span className="rc-lozenge-text">{props.children}</span>
      </span>
    </span>
  );
}
