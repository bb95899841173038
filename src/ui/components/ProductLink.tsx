/**
 * A link out of the app's iframe into Confluence or Jira. Forge sandboxes Custom UI iframes, so
 * a plain link does not navigate: the click goes through @forge/bridge's router. The href stays
 * for what a link is good for (copying, reading the address); if the host has no router, the
 * browser follows it like any other link.
 */
import type { ReactNode } from 'react';
import { router } from '@forge/bridge';

/** A place in the product, as @forge/bridge's router names it (content view, space, issue…). */
export type ProductLocation = Exclude<Parameters<typeof router.navigate>[0], string>;

export function ProductLink(props: {
  href: string;
  /** Where the router should go, when the product names the place better than a URL does. */
  to?: ProductLocation;
  /** Opens in a new tab (links into the other product) instead of this one. */
  newTab?: boolean;
  children: ReactNode;
  'aria-label'?: string;
  className?: string;
}) {
  const { href } = props;
  const newTab = props.newTab ?? false;
  return (
    <a
      href={href}
      className={props.className ?? 'rc-link'}
      {...(newTab ? { target: '_blank', rel: 'noreferrer' } : { target: '_top' })}
      {...(props['aria-label'] ? { 'aria-label': props['aria-label'] } : {})}
      onClick={(event) => {
        // Modified clicks (new tab, new window) are the browser's business.
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        const target = props.to ?? href;
        const go = newTab ? router.open(target) : router.navigate(target);
        go.catch(() => {
          window.open(href, newTab ? '_blank' : '_top', 'noreferrer');
        });
      }}
    >
      {props.children}
    </a>
  );
}
