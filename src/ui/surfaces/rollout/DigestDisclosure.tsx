import { lazy, Suspense, useState } from 'react';
import { useTranslator } from '../../i18n';
import { Loading } from '../../components/Loading';
import type { AnchorPanelView } from '../../../contract';

// The weekly digest's settings load when someone opens them (their own invoke): the panel's
// first load stays one call.
const DigestSection = lazy(() =>
  import('./DigestSection').then((module) => ({ default: module.DigestSection })),
);

/**
 * "Weekly digest", closed: its settings (and their call) load when it is opened. Shown only to
 * those it concerns: its recipients and whoever manages it.
 */
export function DigestDisclosure({ digest }: { digest: AnchorPanelView['digest'] }) {
  const { t } = useTranslator();
  const [open, setOpen] = useState(false);
  if (!digest.isRecipient && !digest.canManage) return null;
  return (
    <details
      className="rc-digest-disclosure"
      onToggle={(event) => {
        setOpen(event.currentTarget.open);
      }}
    >
      <summary>{t('digest.title')}</summary>
      {open ? (
        <Suspense fallback={<Loading label={t('digest.loading')} />}>
          <DigestSection />
        </Suspense>
      ) : null}
    </details>
  );
}
