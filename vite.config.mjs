// @ts-check
// One Custom UI build for every surface: an entry that reads the Forge context, then loads only
// the code of the surface it is in (one chunk per surface). Output: static/, which
// manifest.yml's `main` resource points at. Relative base: Forge serves it from a CDN path.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/ui',
  base: './',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../../static',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    reportCompressedSize: true,
    // static/.vite/manifest.json: which chunks and CSS each surface imports, read by the bench.
    manifest: true,
  },
});
