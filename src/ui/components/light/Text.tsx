/**
 * Atlaskit's Text, Stack, Inline and Heading (size small). Drawn as plain elements with the same design tokens as Atlaskit's, for the surfaces a
 * Confluence page may hold several times: each macro is a frame of its own, and Atlaskit's
 * primitives, Button and Lozenge bring Emotion, analytics and motion (about 40 kB gzip) into every
 * one of them before it can draw. Same roles and accessible names as the components they stand for. Decision 0033.
 */
import type { CSSProperties, ElementType, ReactNode } from 'react';
import './text.css';

/** Atlaskit's space scale, as the primitives name it. */
export type Space =
  | 'space.025'
  | 'space.050'
  | 'space.075'
  | 'space.100'
  | 'space.150'
  | 'space.200'
  | 'space.250'
  | 'space.300';

const gap = (space: Space | undefined): CSSProperties | undefined =>
  space === undefined
    ? undefined
    : ({ '--rc-l-gap': `var(--ds-${space.replace('.', '-')})` } as CSSProperties);

export const classes = (...names: (string | false | undefined)[]): string =>
  names.filter((name): name is string => typeof name === 'string' && name !== '').join(' ');

export function Text(props: {
  children?: ReactNode;
  id?: string;
  size?: 'small' | 'medium';
  weight?: 'medium' | 'semibold';
  color?: 'color.text.subtle' | 'color.text.subtlest' | 'color.text.danger';
}) {
  return (
    <span
      id={props.id}
      className={classes(
        'rc-l-text',
        props.size === 'small' && 'rc-l-small',
        props.weight === 'medium' && 'rc-l-medium-weight',
        props.weight === 'semibold' && 'rc-l-semibold',
        props.color === 'color.text.subtle' && 'rc-l-subtle',
        props.color === 'color.text.subtlest' && 'rc-l-subtlest',
        props.color === 'color.text.danger' && 'rc-l-danger',
      )}
    >
      {props.children}
    </span>
  );
}

export function Stack(props: { space?: Space; children?: ReactNode }) {
  return (
    <div className="rc-l-stack" style={gap(props.space)}>
      {props.children}
    </div>
  );
}

export function Inline(props: {
  space?: Space;
  alignBlock?: 'start' | 'center' | 'baseline';
  spread?: 'space-between';
  shouldWrap?: boolean;
  children?: ReactNode;
}) {
  return (
    <div
      className={classes(
        'rc-l-inline',
        props.alignBlock === 'center' && 'rc-l-center',
        props.alignBlock === 'baseline' && 'rc-l-baseline',
        props.spread && 'rc-l-spread',
        props.shouldWrap === true && 'rc-l-wrap',
      )}
      style={gap(props.space)}
    >
      {props.children}
    </div>
  );
}

export function Heading(props: { as: 'h1' | 'h2' | 'h3'; id?: string; children?: ReactNode }) {
  const Tag: ElementType = props.as;
  return (
    <Tag id={props.id} className="rc-l-heading-small">
      {props.children}
    </Tag>
  );
}
