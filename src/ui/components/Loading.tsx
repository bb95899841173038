/**
 * Progress for anything slower than a blink. Every surface shows it first, so it is the light
 * one (token-drawn spinner and text, as Atlaskit's look): Atlaskit's Spinner and the compiled
 * primitives cost about 5 kB gzip before the first render. Decision 0040.
 */
export { Loading } from './light/Spinner';
