/**
 * For department heads: who decides for them while they are away. Planned delegations (active
 * ones marked), the directory's default delegate, and a small form to plan another.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '../../components/light/Button';
import Heading from '@atlaskit/heading';
import { Lozenge } from '../../components/Lozenge';
import { DateInput } from '../../components/DateInput';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, DelegationView, MyDelegations } from '../../../contract';
import { DELEGATIONS_MAX } from '../../../domain/limits';
import { delegationDatesIssue } from '../../../domain/rules/approvals';
import { dateIssue } from '../../../domain/rules/dates';
import { issuesAt, type PathIssue } from '../../../domain/rules/issue';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage, useErrorText } from '../../components/ErrorMessage';
import {
  describedBy,
  FieldError,
  FieldLabel,
  useFieldErrors,
  formFields,
  SavingNote,
} from '../../components/Field';
import { formatDayRange, todayUtc } from '../../components/dates';
import { UserPicker, type UserOption } from '../../components/UserPicker';
import type { PanelActions } from './ApprovalsPanel';
import { personName } from '../../components/words';
import { WeightedText } from '../../components/WeightedText';

/** Each field's element id, in the form's order. */
const ids = {
  delegate: 'delegation-delegate',
  from: 'delegation-from',
  to: 'delegation-to',
} as const;
const { place, order } = formFields(ids, { delegateAccountId: 'delegate' });

function isStale(error: AppError): boolean {
  return error.code === 'CONFLICT' || error.code === 'NOT_FOUND';
}

function DelegationItem(props: {
  delegation: DelegationView;
  version: number;
  onAnswer: (mine: MyDelegations, message: string) => void;
  onStale: (error: AppError) => Promise<void>;
}) {
  const { t, locale } = useTranslator();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const { delegation } = props;
  const name = personName(t, delegation.delegate);
  const period = formatDayRange(locale, delegation.from, delegation.to);

  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const answer = await call('delegations/remove', { id: delegation.id, version: props.version });
    setBusy(false);
    if (answer.ok) props.onAnswer(answer.data, t('delegation.removed', { name, period }));
    else if (isStale(answer.error)) await props.onStale(answer.error);
    else setError(answer.error);
  };

  return (
    <li className="rc-ap-delegation">
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <WeightedText weight="medium">{name}</WeightedText>
            <Text color="color.text.subtle">{period}</Text>
            {delegation.active ? (
              <Lozenge appearance="success">{t('delegation.active')}</Lozenge>
            ) : null}
          </Inline>
          <Button
            appearance="subtle"
            spacing="compact"
            isLoading={busy}
            aria-label={t('delegation.removeNamed', { name, period })}
            onClick={() => {
              if (!busy) void remove();
            }}
          >
            {t('delegation.remove')}
          </Button>
        </Inline>
        {error ? (
          <Text size="small" color="color.text.danger">
            {errorText(error)}
          </Text>
        ) : null}
      </Stack>
    </li>
  );
}

function DelegationForm(props: {
  onAnswer: (mine: MyDelegations, message: string) => void;
  onStale: (error: AppError) => Promise<void>;
}) {
  const { t, locale } = useTranslator();
  // One id per submission: a retried add cannot plan the same delegation twice.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [delegate, setDelegate] = useState<UserOption | null>(null);
  const [from, setFrom] = useState(todayUtc);
  const [to, setTo] = useState('');
  const fields = useFieldErrors(order);
  const { errors } = fields;
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    setError(null);
    const issues: PathIssue[] = [
      ...issuesAt(
        'delegateAccountId',
        delegate ? undefined : { messageKey: 'errors.field.accountId' },
      ),
      ...issuesAt('from', dateIssue(from)),
      ...issuesAt('to', to === '' ? { messageKey: 'delegation.toRequired' } : dateIssue(to)),
      ...issuesAt('', delegationDatesIssue({ from, to })),
    ];
    if (fields.showIssues(issues, place) || !delegate) return;
    setBusy(true);
    const answer = await call('delegations/add', {
      requestId,
      delegateAccountId: delegate.value,
      from,
      to,
    });
    setBusy(false);
    if (answer.ok) {
      setRequestId(crypto.randomUUID());
      setDelegate(null);
      setTo('');
      props.onAnswer(
        answer.data,
        t('delegation.added', { name: delegate.label, period: formatDayRange(locale, from, to) }),
      );
      return;
    }
    if (isStale(answer.error)) {
      await props.onStale(answer.error);
      return;
    }
    if (!fields.showAnswer(answer.error, place)) setError(answer.error);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!busy) void submit();
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="delegation-form-title">
      <Stack space="space.150">
        <Heading size="xxsmall" as="h4" id="delegation-form-title">
          {t('delegation.addTitle')}
        </Heading>
        {error ? <ErrorMessage error={error} /> : null}
        <Stack space="space.050">
          <FieldLabel htmlFor={ids.delegate}>{t('delegation.delegate')}</FieldLabel>
          <UserPicker
            inputId={ids.delegate}
            label={t('delegation.delegate')}
            value={delegate}
            onChange={setDelegate}
            invalid={Boolean(errors.delegate)}
            {...(errors.delegate ? { describedBy: `${ids.delegate}-error` } : {})}
          />
          <FieldError id={`${ids.delegate}-error`} text={errors.delegate} />
        </Stack>
        <Inline space="space.200" shouldWrap>
          {(['from', 'to'] as const).map((field) => (
            <Stack space="space.050" key={field}>
              <FieldLabel htmlFor={ids[field]}>{t(`delegation.${field}`)}</FieldLabel>
              <div className="rc-ap-date">
                <DateInput
                  id={ids[field]}
                  value={field === 'from' ? from : to}
                  invalid={Boolean(errors[field])}
                  describedBy={describedBy(errors[field] && `${ids[field]}-error`)}
                  onChange={field === 'from' ? setFrom : setTo}
                />
              </div>
              <FieldError id={`${ids[field]}-error`} text={errors[field]} />
            </Stack>
          ))}
        </Inline>
        <Inline space="space.100" alignBlock="center">
          <Button appearance="default" type="submit" isLoading={busy}>
            {t('delegation.add')}
          </Button>
          <SavingNote busy={busy} />
        </Inline>
      </Stack>
    </form>
  );
}

export function DelegationsSection(props: { mine: MyDelegations; actions: PanelActions }) {
  const { t, locale } = useTranslator();
  // The last add/remove answer, until the panel's next load brings the same (and more) news.
  const [answered, setAnswered] = useState<MyDelegations | null>(null);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    setAnswered(null);
  }, [props.mine]);
  const mine = answered ?? props.mine;

  const onAnswer = (next: MyDelegations, message: string): void => {
    setAnswered(next);
    setAnnouncement(message);
    // Approvals show who may decide today: load them again for the new delegate.
    void props.actions.refresh();
  };

  return (
    <section aria-labelledby="delegations-title" className="rc-ap-section">
      <Stack space="space.150">
        <Stack space="space.050">
          <Heading size="xsmall" as="h3" id="delegations-title">
            {t('delegation.title')}
          </Heading>
          <Text color="color.text.subtle">
            {t('delegation.intro', {
              departments: new Intl.ListFormat(locale, { type: 'conjunction' }).format(mine.headOf),
            })}
          </Text>
        </Stack>
        <Text>
          {mine.defaultDelegate
            ? t('delegation.default', { name: personName(t, mine.defaultDelegate) })
            : t('delegation.noDefault')}
        </Text>
        {mine.delegations.length === 0 ? (
          <Text color="color.text.subtle">{t('delegation.none')}</Text>
        ) : (
          <ul className="rc-ap-plain-list" aria-label={t('delegation.listLabel')}>
            {mine.delegations.map((delegation) => (
              <DelegationItem
                key={delegation.id}
                delegation={delegation}
                version={mine.version}
                onAnswer={onAnswer}
                onStale={props.actions.onStale}
              />
            ))}
          </ul>
        )}
        {mine.delegations.length >= DELEGATIONS_MAX ? (
          <Text color="color.text.subtle">{t('errors.delegation.tooMany')}</Text>
        ) : (
          <DelegationForm onAnswer={onAnswer} onStale={props.actions.onStale} />
        )}
        <div aria-live="polite" role="status" className="rc-visually-hidden">
          {announcement}
        </div>
      </Stack>
    </section>
  );
}
