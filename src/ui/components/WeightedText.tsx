/**
 * Atlaskit's Text with a weight that holds. The compiled Text draws `weight` with an atomic class
 * of the same specificity as its font shorthand; each chunk's CSS carries its own copy of that
 * shorthand (Button's does), and where one arrives later the weight is lost. The weight goes on
 * an inner span (text-weight.css), the rest stays Atlaskit's Text. Decision 0034.
 */
import type { ComponentProps } from 'react';
import { Text } from '@atlaskit/primitives/compiled/text';
import './text-weight.css';

export function WeightedText(
  props: Omit<ComponentProps<typeof Text>, 'weight'> & { weight: 'medium' | 'semibold' | 'bold' },
) {
  const { weight, children, ...text } = props;
  return (
    <Text {...text}>
      <span className={`rc-weight-${weight}`}>{children}</span>
    </Text>
  );
}
