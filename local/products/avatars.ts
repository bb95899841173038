/**
 * Avatars as `data:` URIs. Jira answers avatar URLs on an Atlassian CDN; the local host must
 * never make the browser or the app reach an external host, and a data URI renders in an
 * `<img>` anywhere (host page, app iframe, another process) without a route on the host server.
 * It is also a valid `uri` for the spec's `AvatarUrlsBean` format.
 */

const PALETTE = ['#0052CC', '#00875A', '#FF5630', '#6554C0', '#FF991F', '#00A3BF', '#403294'];

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return value;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.codePointAt(0) ?? 0};`);
}

/** Up to two initials from a display name ("Élodie Lefèvre" → "ÉL"). */
export function initials(displayName: string): string {
  const words = displayName.split(/\s+/).filter((word) => word !== '');
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters
    .map((word) => Array.from(word ?? '')[0] ?? '')
    .join('')
    .toUpperCase();
}

/** A round initials avatar, coloured by a stable hash of `seed` (the account id). */
export function initialsAvatarSvg(seed: string, displayName: string): string {
  const colour = PALETTE[hash(seed) % PALETTE.length] ?? '#0052CC';
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">' +
    `<circle cx="24" cy="24" r="24" fill="${colour}"/>` +
    '<text x="24" y="30" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">' +
    `${escapeXml(initials(displayName))}</text></svg>`
  );
}

/** A square icon with a glyph (issue types, projects, statuses). */
export function squareIconSvg(colour: string, glyph: string): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">' +
    `<rect width="16" height="16" rx="3" fill="${colour}"/>` +
    '<text x="8" y="12" font-family="sans-serif" font-size="10" fill="#fff" text-anchor="middle">' +
    `${escapeXml(glyph)}</text></svg>`
  );
}

/** Encoded URIs by SVG text: every answer carries several, and the set of images is small. */
const encoded = new Map<string, string>();

export function svgDataUri(svg: string): string {
  let uri = encoded.get(svg);
  if (uri === undefined) {
    uri = `data:image/svg+xml,${encodeURIComponent(svg)}`;
    if (encoded.size < 10_000) encoded.set(svg, uri);
  }
  return uri;
}

/** The four sizes of Jira's `AvatarUrlsBean`; one scalable image serves them all. */
export function avatarUrls(uri: string): Record<'16x16' | '24x24' | '32x32' | '48x48', string> {
  return { '16x16': uri, '24x24': uri, '32x32': uri, '48x48': uri };
}
