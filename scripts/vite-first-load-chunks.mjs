// @ts-check
/**
 * Chunks that first loads share, kept whole whatever lazy chunk also needs their modules.
 *
 * Rolldown places each module shared by several chunks by the exact set of chunks that reach it.
 * The pickers (DatePickerField: dates, times and ChoiceSelect's select), loaded when a form opens,
 * need part of what first loads already hold (Atlaskit's base icon, the text primitives, the
 * heading's hooks): each such part became a smaller chunk of its own, a surface fetched more
 * files, each compressed apart, and page surfaces' first loads grew by 0.4–1.0 kB gzip though
 * they run the same modules (decisions 0042, 0049). A picker reached from a surface without those
 * chunks (the gadget's edit view) split them further. Each group below names the modules of one
 * chunk as it is without the pickers, so the split no longer depends on them: a picker's lazy load
 * fetches those whole chunks, a few hundred bytes it may not run, instead of every first load
 * paying for the split (decision 0053). The same kind of group for the button's base, the
 * analytics hooks or the spinner made Rolldown import the picker's own chunks from the admin page,
 * the Approvals panel and the problem form (+60 to +110 kB): left to Rolldown.
 *
 * `includeDependenciesRecursively: false`: a group takes only the modules it names, not what they
 * import (which would pull React's helpers and the primitives into every group). What they import
 * stays where Rolldown's own split puts it, as before. `npx tsx bench/browser.ts` measures each
 * surface's first load: a module renamed or moved by an Atlaskit upgrade drops out of its group
 * silently, and shows there.
 */

const pkg = (/** @type {string} */ path) =>
  new RegExp(`[\\\\/]node_modules[\\\\/]${path.replaceAll('/', '[\\\\/]')}`, 'u');
const ui = (/** @type {string} */ path) =>
  new RegExp(`[\\\\/]src[\\\\/]ui[\\\\/]${path.replaceAll('/', '[\\\\/]')}$`, 'u');
const helpers = (/** @type {string[]} */ names) =>
  pkg(`@babel/runtime/helpers/esm/(?:${names.join('|')})\\.js$`);

/** @type {{ name: string, modules: RegExp[] }[]} */
const FIRST_LOAD_CHUNKS = [
  {
    // The message box and its status icons, drawn with Atlaskit's base icon.
    name: 'SectionMessage',
    modules: [
      ui('components/(?:SectionMessage\\.tsx|section-message\\.css)'),
      pkg('@atlaskit/icon/core/status-'),
      pkg('@atlaskit/icon/dist/esm/components/icon-new'),
      pkg('@compiled/react/dist/esm/runtime(?:/ax|/index)?\\.js$'),
    ],
  },
  {
    // The text and layout primitives that Loading (and every light component) draws with.
    name: 'Loading',
    modules: [
      ui('components/Loading\\.tsx'),
      pkg('@atlaskit/primitives/dist/esm/compiled/components/(?:flex|inline|text|stack)\\.'),
      pkg('@atlaskit/primitives/dist/esm/utils/(?:surface-|has-text-|use-has-text-)'),
      pkg(
        '@compiled/react/dist/esm/(?:utils/error|xcss-prop/index|create-strict-api/index|index)\\.js$',
      ),
      pkg('@atlaskit/css/'),
      pkg('tiny-invariant/'),
      helpers([
        'arrayLikeToArray',
        'unsupportedIterableToArray',
        'extends',
        'objectWithoutPropertiesLoose',
        'objectWithoutProperties',
      ]),
    ],
  },
  {
    // Headings (Atlaskit's heading and its hooks) and the lozenge drawn beside them.
    name: 'Lozenge',
    modules: [
      ui('components/(?:Lozenge\\.tsx|lozenge\\.css)'),
      pkg('@atlaskit/heading/'),
      pkg('@atlaskit/primitives/dist/esm/xcss/inverse-color\\.js$'),
      /^\0heading-primitives/u,
      helpers(['arrayWithHoles', 'iterableToArrayLimit', 'nonIterableRest', 'slicedToArray']),
    ],
  },
];

/** @returns {import('rolldown').CodeSplittingGroup[]} */
export function firstLoadChunks() {
  return FIRST_LOAD_CHUNKS.map(({ name, modules }) => ({
    name,
    test: (/** @type {string} */ id) => modules.some((module) => module.test(id)),
    includeDependenciesRecursively: false,
  }));
}
