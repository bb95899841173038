// @ts-check
/**
 * The date picker's calendar (@atlaskit/calendar, @atlaskit/datetime-picker) imports Stack,
 * Inline and Grid from `@atlaskit/primitives/compiled`, the package's index. Headings and badges
 * import that same index on every screen's first load, and Rolldown places a module with the
 * chunk of every importer that reaches it through an index, even for names the screen never
 * uses: the calendar's layout components (about 3.5 KB gzip) landed in every surface's first load
 * although only the date picker's chunk, loaded when a form opens, draws them. For those two
 * packages the index is a module of its own that re-exports only the components from their files,
 * so these components reach the picker's chunk alone. Same code, same components.
 */
import { fileURLToPath } from 'node:url';

const INDEX = '@atlaskit/primitives/compiled';
const PICKER_INDEX = '\0picker-primitives-compiled';
const PICKER_PACKAGES = /[\\/]node_modules[\\/]@atlaskit[\\/](?:calendar|datetime-picker)[\\/]/u;
const COMPONENTS = ['box', 'inline', 'stack', 'grid', 'text'];

/** @returns {import('vite').Plugin} */
export function pickerPrimitives() {
  return {
    name: 'picker-primitives',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === INDEX && importer !== undefined && PICKER_PACKAGES.test(importer)) {
        return PICKER_INDEX;
      }
      return null;
    },
    load(id) {
      if (id !== PICKER_INDEX) return null;
      return COMPONENTS.map((name) => {
        const file = fileURLToPath(
          import.meta.resolve(`@atlaskit/primitives/dist/esm/compiled/components/${name}.js`),
        );
        return `export * from ${JSON.stringify(file)};`;
      }).join('\n');
    },
  };
}
