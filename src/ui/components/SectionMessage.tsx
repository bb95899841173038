/**
 * A section message as Atlaskit draws it (same markup, tokens and status icons), without the
 * package itself: @atlaskit/section-message always loads its dismiss button, and with it the
 * tooltip, popper and portal (about 20 KB gzip on every surface), though no screen here lets a
 * message be dismissed. Decision 0026.
 */
import type { ReactNode } from 'react';
import { Heading } from './light/Text';
import InfoIcon from '@atlaskit/icon/core/status-information';
import WarningIcon from '@atlaskit/icon/core/status-warning';
import ErrorIcon from '@atlaskit/icon/core/status-error';
import SuccessIcon from '@atlaskit/icon/core/status-success';
import DiscoveryIcon from '@atlaskit/icon/core/status-discovery';
import './section-message.css';

export type SectionMessageAppearance =
  'information' | 'warning' | 'error' | 'success' | 'discovery';

/** Each appearance's icon and its colour token, as Atlaskit pairs them. */
const ICONS = {
  information: { Icon: InfoIcon, color: 'var(--ds-icon-information)' },
  warning: { Icon: WarningIcon, color: 'var(--ds-icon-warning)' },
  error: { Icon: ErrorIcon, color: 'var(--ds-icon-danger)' },
  success: { Icon: SuccessIcon, color: 'var(--ds-icon-success)' },
  discovery: { Icon: DiscoveryIcon, color: 'var(--ds-icon-discovery)' },
} as const;

export function SectionMessage(props: {
  appearance?: SectionMessageAppearance;
  title?: string;
  children?: ReactNode;
}) {
  const appearance = props.appearance ?? 'information';
  const { Icon, color } = ICONS[appearance];
  return (
    <section className={`rc-section-message rc-section-message-${appearance}`}>
      <div className="rc-section-message-row">
        <div className="rc-section-message-icon">
          <span className="rc-section-message-glyph">
            <Icon color={color} label={appearance} />
          </span>
        </div>
        <div className="rc-section-message-text">
          {props.title ? <Heading as="h2">{props.title}</Heading> : null}
          <div className="rc-section-message-body">{props.children}</div>
        </div>
      </div>
    </section>
  );
}
