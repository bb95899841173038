/**
 * A rollout's title with its state lozenge beside it, as the anchor's Rollout panel, the Approvals
 * panel and the strategy's detail page head their view: one markup, so the three read alike. A
 * page (the strategy's detail) heads with its h1; an issue panel sits under Jira's own headings
 * and uses an h2.
 */
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import type { Lifecycle } from '../../domain/rollout';
import { useTranslator } from '../i18n';
import { Lozenge } from './Lozenge';
import { STATE_APPEARANCE, stateLabel } from './words';

export function RolloutTitle(props: { title: string; lifecycle: Lifecycle; level: 1 | 2 }) {
  const { t } = useTranslator();
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      {props.level === 1 ? (
        <Heading size="large" as="h1">
          {props.title}
        </Heading>
      ) : (
        <Heading size="small" as="h2">
          {props.title}
        </Heading>
      )}
      <Lozenge appearance={STATE_APPEARANCE[props.lifecycle]}>
        {stateLabel(t, props.lifecycle)}
      </Lozenge>
    </Inline>
  );
}
