/**
 * Trained % per department on the Rollout panel: the share of each department's people who
 * attended a training session of the rollout, with where its people come from (a Jira group, a
 * head-count, or nothing yet). On the anchor, the coordinator enters head-counts for departments
 * without a group; the panel answers as it now is.
 */
import { lazy, Suspense, useState } from 'react';
import { Button } from '../../components/light/Button';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { RolloutPanelView, TrainedView } from '../../../contract';
import { useTranslator } from '../../i18n';
import { Loading } from '../../components/Loading';
import { ProgressBar } from '../../components/ProgressBar';
import { WeightedText } from '../../components/WeightedText';

// The form is opened by the coordinator only, now and then: it loads when asked for.
const HeadCountForm = lazy(() =>
  import('./HeadCountForm').then((module) => ({ default: module.HeadCountForm })),
);

export function TrainedList(props: {
  departments: TrainedView[];
  /** Nothing computed yet: the figures appear with the first attendance or head-count. */
  pending?: boolean;
  /** Head-counts may be entered (the anchor, for the coordinator or a Jira admin). */
  canEdit?: boolean;
  onSaved?: (view: RolloutPanelView) => void;
  headingLevel: 'h3' | 'h4';
}) {
  const { t } = useTranslator();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Stack space="space.100">
      <Heading size="xsmall" as={props.headingLevel}>
        {t('rolloutPanel.trained.title')}
      </Heading>
      {props.pending ? (
        <Text size="small" color="color.text.subtle">
          {t('rolloutPanel.trained.pending')}
        </Text>
      ) : null}
      {props.departments.length === 0 ? (
        <Text color="color.text.subtle">{t('rolloutPanel.trained.none')}</Text>
      ) : (
        <ul className="rc-rp-list" aria-label={t('rolloutPanel.trained.title')}>
          {props.departments.map((department) => (
            <li key={department.departmentId}>
              <Stack space="space.050">
                <Inline space="space.100" alignBlock="center" shouldWrap>
                  <WeightedText weight="semibold">{department.name}</WeightedText>
                  <Text>
                    {department.percent === null
                      ? t('rolloutPanel.trained.unknown', { trained: department.trained })
                      : t('rolloutPanel.trained.share', {
                          percent: department.percent,
                          trained: department.trained,
                          people: department.people,
                        })}
                  </Text>
                  {props.pending ? null : (
                    <Text size="small" color="color.text.subtle">
                      {t(`rolloutPanel.trained.source.${department.source}`)}
                    </Text>
                  )}
                  {props.canEdit && props.onSaved && editing !== department.departmentId ? (
                    <Button
                      appearance="subtle"
                      spacing="compact"
                      aria-label={t('rolloutPanel.trained.editFor', { name: department.name })}
                      onClick={() => {
                        setEditing(department.departmentId);
                      }}
                    >
                      {t('rolloutPanel.trained.edit')}
                    </Button>
                  ) : null}
                </Inline>
                {department.percent !== null ? (
                  <ProgressBar done={department.trained} total={department.people} />
                ) : null}
                {editing === department.departmentId && props.onSaved ? (
                  <Suspense fallback={<Loading label={t('rolloutPanel.trained.loading')} />}>
                    <HeadCountForm
                      department={department}
                      onSaved={(view) => {
                        setEditing(null);
                        props.onSaved?.(view);
                      }}
                      onCancel={() => {
                        setEditing(null);
                      }}
                    />
                  </Suspense>
                ) : null}
              </Stack>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
