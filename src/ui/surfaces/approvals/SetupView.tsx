/** An issue that is not a rollout yet: the set-up form for those who may edit it, else why not. */
import Heading from '@atlaskit/heading';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { ApprovalsPanelView } from '../../../contract';
import { useTranslator } from '../../i18n';
import type { PanelActions } from './ApprovalsPanel';
import { RolloutForm } from './RolloutForm';
import { WeightedText } from '../../components/WeightedText';

export function SetupView(props: {
  view: Extract<ApprovalsPanelView, { kind: 'setup' }>;
  actions: PanelActions;
}) {
  const { t } = useTranslator();
  const { view } = props;
  if (!view.canSetUp) {
    return (
      <div className="rc-ap-empty">
        <Stack space="space.100">
          <WeightedText weight="bold">{t('approvals.setup.notRolloutTitle')}</WeightedText>
          <Text>{t('approvals.setup.cannotSetUp')}</Text>
        </Stack>
      </div>
    );
  }
  return (
    <Stack space="space.200">
      <Stack space="space.050">
        <Heading size="small" as="h2">
          {t('approvals.setup.title')}
        </Heading>
        <Text color="color.text.subtle">{t('approvals.setup.intro', { key: view.issue.key })}</Text>
      </Stack>
      {view.departments.length === 0 ? (
        <div className="rc-ap-empty">
          <Stack space="space.100">
            <WeightedText weight="bold">{t('approvals.setup.noDepartmentsTitle')}</WeightedText>
            <Text>{t('approvals.setup.noDepartments')}</Text>
          </Stack>
        </div>
      ) : (
        <RolloutForm
          mode={{ issue: view.issue, options: view.departments }}
          actions={props.actions}
        />
      )}
    </Stack>
  );
}
