import { lazy, Suspense, useState } from 'react';
import { Button } from '../../components/light/Button';
import { useTranslator } from '../../i18n';
import { Loading } from '../../components/Loading';

const RaiseProblem = lazy(() =>
  import('../problems/RaiseProblem').then((module) => ({ default: module.RaiseProblem })),
);

/**
 * "Raise a problem" on the issue the panel is on: the same flow as the issue action, opened in
 * place (its data loads when opened, so the panel's own load stays as it is).
 */
export function RaiseInPanel(props: { onRaised: () => void }) {
  const { t } = useTranslator();
  const [open, setOpen] = useState(false);
  return (
    <section className="rc-rp-raise" aria-label={t('rolloutPanel.raise')}>
      {open ? (
        <Suspense fallback={<Loading label={t('problems.form.loading')} />}>
          <RaiseProblem
            onRaised={props.onRaised}
            onClose={() => {
              setOpen(false);
            }}
          />
        </Suspense>
      ) : (
        <Button
          onClick={() => {
            setOpen(true);
          }}
        >
          {t('rolloutPanel.raise')}
        </Button>
      )}
    </section>
  );
}
