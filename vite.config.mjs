// @ts-check
// One Custom UI build for every surface: an entry that reads the Forge context, then loads only
// the code of the surface it is in (one chunk per surface). Output: static/, which
// manifest.yml's `main` resource points at. Relative base: Forge serves it from a CDN path.
// What each surface loads first, and why the aliases below: decision 0026.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { uiMessages } from './scripts/vite-ui-messages.mjs';
import { pickerPrimitives } from './scripts/vite-picker-primitives.mjs';
import { firstLoadChunks } from './scripts/vite-first-load-chunks.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: 'src/ui',
  base: './',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [
    uiMessages({ root: here('.'), ui: here('./src/ui') }),
    pickerPrimitives(),
    {
      // Heading reads one plain table (`UNSAFE_inverseColorMap`) from the primitives' root entry,
      // which re-exports the Emotion-drawn components: through it, every surface with a heading
      // fetched Emotion and the root primitives (about 17 KB gzip) though it draws nothing with
      // them. It reads one hook (`UNSAFE_useSurface`) from the compiled primitives' index, which
      // imports every compiled component (Box, Anchor with the router-link provider: about 4 kB
      // gzip with their CSS). Heading gets the table and the hook from their own modules; the
      // components stay where they are.
      name: 'rollout-coordinator:heading-without-emotion',
      enforce: 'pre',
      resolveId(source, importer) {
        if (!importer || !/[\\/]@atlaskit[\\/]heading[\\/]/u.test(importer)) return null;
        if (source === '@atlaskit/primitives') return '\0heading-primitives';
        if (source === '@atlaskit/primitives/compiled') return '\0heading-primitives-compiled';
        return null;
      },
      load(id) {
        if (id === '\0heading-primitives') {
          const table = here('./node_modules/@atlaskit/primitives/dist/esm/xcss/inverse-color.js');
          return `export { inverseColorMap as UNSAFE_inverseColorMap } from ${JSON.stringify(table)};`;
        }
        if (id === '\0heading-primitives-compiled') {
          const hook = here(
            './node_modules/@atlaskit/primitives/dist/esm/utils/surface-provider.js',
          );
          return `export { useSurface as UNSAFE_useSurface } from ${JSON.stringify(hook)};`;
        }
        return null;
      },
    },
  ],
  resolve: {
    alias: [
      // Atlaskit's platform flags read a Statsig client nothing initialises in a Forge iframe:
      // every flag is false there anyway. The stub answers false without the client (30 KB).
      {
        find: /^@atlaskit\/platform-feature-flags(?:\/fg)?$/u,
        replacement: here('./src/ui/stubs/platform-feature-flags.ts'),
      },
      // The bridge's index requires every module it has; the UI takes the ones it calls from the
      // package's own files (src/ui/stubs/forge-bridge.ts, about 10 KB gzip).
      { find: /^@forge\/bridge$/u, replacement: here('./src/ui/stubs/forge-bridge.ts') },
      { find: /^@forge\/i18n$/u, replacement: here('./src/ui/stubs/forge-i18n.ts') },
      // Messages arrive parsed (scripts/vite-ui-messages.mjs): intl-messageformat formats them
      // with the parser's types only, not its parser (about 10 KB of the entry).
      {
        find: /^@formatjs\/icu-messageformat-parser$/u,
        replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
      },
    ],
  },
  build: {
    outDir: '../../static',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    reportCompressedSize: true,
    // static/.vite/manifest.json: which chunks and CSS each surface imports, read by the bench.
    manifest: true,
    // Shared first-load chunks stay whole when a lazy picker needs part of them (decision 0053).
    rolldownOptions: { output: { codeSplitting: { groups: firstLoadChunks() } } },
  },
});
