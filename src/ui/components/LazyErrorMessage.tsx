/**
 * The error message for a screen that otherwise shows no button: its code (the retry Button and
 * the section message's heading and icons) loads only when an error is shown, so a read-only
 * screen such as the macro does not fetch it to draw its data (decision 0026).
 */
import { lazy, Suspense, type ComponentProps } from 'react';

const ErrorMessage = lazy(() =>
  import('./ErrorMessage').then((module) => ({ default: module.ErrorMessage })),
);

export function LazyErrorMessage(props: ComponentProps<typeof ErrorMessage>) {
  return (
    <Suspense fallback={null}>
      <ErrorMessage {...props} />
    </Suspense>
  );
}
