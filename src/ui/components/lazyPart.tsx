/**
 * A part of a surface in a chunk of its own, with its own texts: a screen the surface's first one
 * does not show (a form, a wizard, a detail view). Its code and its messages (the module whose
 * first line after the doc comment is `// @ui-messages <part>`, cut by
 * scripts/vite-ui-messages.mjs) are fetched together when it first renders, or earlier with
 * `preload` (while the screen fetches its data), so the surface's first load carries neither and
 * opening it is one wait, not two. Render it inside a Suspense boundary, like any lazy component.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { loadTranslator, TranslatorProvider, useTranslator, type Translator } from '../i18n';

/** The props travel wrapped: React's ref typing cannot see through a bare generic `P`. */
type Wrapped<P> = ComponentType<{ props: P }>;

export type LazyPart<P> = ComponentType<P> & {
  /** Starts fetching the part's code and texts in the surface's language. */
  preload: (surface: Translator) => void;
};

export function lazyPart<P extends object>(
  part: string,
  load: () => Promise<ComponentType<P>>,
): LazyPart<P> {
  const fetched = new Map<string, Promise<{ default: Wrapped<P> }>>();
  const components = new Map<string, LazyExoticComponent<Wrapped<P>>>();
  const start = (surface: Translator): Promise<{ default: Wrapped<P> }> => {
    let started = fetched.get(surface.locale);
    if (!started) {
      started = Promise.all([
        load(),
        // Texts that did not load leave the surface's: the part still works, some labels show
        // as their keys.
        loadTranslator(surface.locale, part).catch((): Translator => surface),
      ]).then(([Component, translator]) => ({
        default: (inner: { props: P }) => (
          <TranslatorProvider translator={translator}>
            <Component {...inner.props} />
          </TranslatorProvider>
        ),
      }));
      fetched.set(surface.locale, started);
    }
    return started;
  };
  function Part(props: P) {
    const surface = useTranslator();
    let Loaded = components.get(surface.locale);
    if (!Loaded) {
      Loaded = lazy(() => start(surface));
      components.set(surface.locale, Loaded);
    }
    return <Loaded props={props} />;
  }
  return Object.assign(Part, {
    // A failure shows when the part renders (its Suspense boundary), not here.
    preload: (surface: Translator) => {
      start(surface).catch(() => undefined);
    },
  });
}
