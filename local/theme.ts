/**
 * The product's side of `view.theme.enable()`: on Forge the host page hands the app the active
 * theme (html attributes and token CSS). Locally the host builds both from @atlaskit/tokens.
 */
import getThemeStyles from '@atlaskit/tokens/get-theme-styles';
import getThemeHtmlAttrs from '@atlaskit/tokens/get-theme-html-attrs';

export type ColorMode = 'light' | 'dark';

const preferences = (colorMode: ColorMode) =>
  ({
    colorMode,
    light: 'light',
    dark: 'dark',
    spacing: 'spacing',
    typography: 'typography',
    shape: 'shape',
  }) as const;

const cache = new Map<ColorMode, Promise<string>>();

/**
 * @atlaskit/tokens asks a feature-gate client that only Atlassian's products initialise; its
 * complaint is noise here, so it is silenced for the duration of these calls.
 */
async function quietly<T>(fn: () => T | Promise<T>): Promise<T> {
  const { error, warn } = console;
  console.error = () => undefined;
  console.warn = () => undefined;
  try {
    return await fn();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

async function build(colorMode: ColorMode): Promise<string> {
  const styles = await quietly(() => getThemeStyles(preferences(colorMode)));
  return styles.map((style) => style.css).join('\n');
}

/** Token CSS for a colour mode (cached: it never changes while the host runs). */
export function themeCss(colorMode: ColorMode): Promise<string> {
  let css = cache.get(colorMode);
  if (!css) {
    css = build(colorMode);
    cache.set(colorMode, css);
  }
  return css;
}

/** The attributes the host sets on the app's <html> (`data-theme`, `data-color-mode`). */
export function themeAttributes(colorMode: ColorMode): Promise<Record<string, string>> {
  return quietly(() => getThemeHtmlAttrs(preferences(colorMode)));
}
