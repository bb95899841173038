/**
 * A session's place: a link when it is an http(s) meeting link (the only places ever shown as
 * links), the text otherwise, a dash when the plan gives none.
 */
import { isMeetingLink } from '../../domain/rules/plan';
import { ProductLink } from './ProductLink';

export function SessionPlace(props: { place: string }) {
  return isMeetingLink(props.place) ? (
    <ProductLink href={props.place} newTab>
      {props.place}
    </ProductLink>
  ) : (
    <>{props.place === '' ? '—' : props.place}</>
  );
}
