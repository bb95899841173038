/**
 * The affected departments of a rollout: a filterable checkbox list that stays usable with a
 * directory of hundreds. Each chosen department shows its head (the directory's, changeable for
 * this rollout only) and its approval stage.
 */
import { useEffect, useMemo, useState } from 'react';
import { Button } from './light/Button';
import Textfield from '@atlaskit/textfield';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { DepartmentOption } from '../../contract';
import { STAGE_RANGE } from '../../domain/rules/rollout';
import { useTranslator } from '../i18n';
import { describedBy, FieldError, FieldHelp, focusFirst } from './Field';
import { UserPicker, type UserOption } from './UserPicker';
import type { Choice, Choices } from './rollout';
import { personName } from './words';
import './chooser.css';
import { WeightedText } from './WeightedText';

/** Lower case without accents, so "elodie" finds "Élodie" and "operations" finds "Opérations". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

export const chooserIds = {
  list: 'rollout-departments',
  error: 'rollout-departments-error',
  checkbox: (id: string) => `rollout-department-${id}`,
  stage: (id: string) => `rollout-stage-${id}`,
  head: (id: string) => `rollout-head-${id}`,
  changeHead: (id: string) => `rollout-change-head-${id}`,
};

/** The element of an error key's control (`departments`, `stage:<id>`, `head:<id>`, `department:<id>`). */
export function chooserFieldId(key: string): string | undefined {
  if (key === 'departments') return chooserIds.list;
  const [kind = '', id = ''] = key.split(':');
  if (kind === 'stage') return chooserIds.stage(id);
  if (kind === 'head') return chooserIds.changeHead(id);
  if (kind === 'department') return chooserIds.checkbox(id);
  return undefined;
}

function HeadChooser(props: {
  option: DepartmentOption;
  choice: Choice;
  onChange: (head: Choice['head']) => void;
  error: string | undefined;
}) {
  const { t } = useTranslator();
  const { option, choice } = props;
  const [changing, setChanging] = useState(false);
  const errorId = `${chooserIds.head(option.id)}-error`;

  useEffect(() => {
    if (changing) focusFirst([chooserIds.head(option.id)]);
  }, [changing, option.id]);

  if (!changing) {
    const changed = choice.head.accountId !== option.head.accountId;
    return (
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text size="small" color="color.text.subtle">
            {t('approvals.form.head')}
          </Text>
          <WeightedText size="small" weight="medium">
            {choice.head.displayName || t('approvals.unknownUser')}
          </WeightedText>
          {changed ? (
            <Text size="small" color="color.text.subtlest">
              {t('approvals.form.headChanged', { head: personName(t, option.head) })}
            </Text>
          ) : null}
          <Button
            appearance="subtle"
            spacing="compact"
            id={chooserIds.changeHead(option.id)}
            aria-label={t('approvals.form.changeHeadOf', { name: option.name })}
            onClick={() => {
              setChanging(true);
            }}
          >
            {t('approvals.form.changeHead')}
          </Button>
        </Inline>
        <FieldError id={errorId} text={props.error} />
      </Stack>
    );
  }
  const value: UserOption = { label: choice.head.displayName, value: choice.head.accountId };
  return (
    <Stack space="space.050">
      <label htmlFor={chooserIds.head(option.id)} className="rc-field-label">
        {t('approvals.form.headOf', { name: option.name })}
      </label>
      <Inline space="space.100" alignBlock="center">
        <div className="rc-chooser-grow">
          <UserPicker
            inputId={chooserIds.head(option.id)}
            label={t('approvals.form.headOf', { name: option.name })}
            value={value}
            invalid={Boolean(props.error)}
            {...(props.error ? { describedBy: errorId } : {})}
            onChange={(picked) => {
              if (picked) props.onChange({ accountId: picked.value, displayName: picked.label });
              setChanging(false);
            }}
          />
        </div>
        <Button
          appearance="subtle"
          onClick={() => {
            setChanging(false);
          }}
        >
          {t('common.cancel')}
        </Button>
      </Inline>
      <FieldError id={errorId} text={props.error} />
    </Stack>
  );
}

export function DepartmentChooser(props: {
  options: DepartmentOption[];
  choices: Choices;
  onChange: (choices: Choices) => void;
  /** Errors by key: `departments`, `stage:<id>`, `head:<id>`, `department:<id>`. */
  errors: Partial<Record<string, string>>;
  max: number;
}) {
  const { t, locale } = useTranslator();
  const [filter, setFilter] = useState('');
  const { options, choices } = props;
  const folded = fold(filter.trim());
  const shown = useMemo(
    () =>
      folded === ''
        ? options
        : options.filter(
            (option) =>
              fold(option.name).includes(folded) || fold(option.head.displayName).includes(folded),
          ),
    [options, folded],
  );
  const chosenCount = options.filter((option) => option.id in choices).length;
  const number = new Intl.NumberFormat(locale);

  const toggle = (option: DepartmentOption, on: boolean): void => {
    if (on) props.onChange({ ...choices, [option.id]: { head: { ...option.head }, stage: '1' } });
    else {
      props.onChange(
        Object.fromEntries(Object.entries(choices).filter(([id]) => id !== option.id)),
      );
    }
  };

  const update = (id: string, change: Partial<Choice>): void => {
    const current = choices[id];
    if (current) props.onChange({ ...choices, [id]: { ...current, ...change } });
  };

  return (
    <fieldset
      className="rc-fieldset"
      aria-describedby={describedBy(
        'rollout-departments-help',
        props.errors.departments && chooserIds.error,
      )}
    >
      <legend className="rc-legend">{t('approvals.form.departments')}</legend>
      <Stack space="space.100">
        <FieldHelp id="rollout-departments-help">
          {t('approvals.form.stagesHelp', { max: STAGE_RANGE.max })}
        </FieldHelp>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <div className="rc-chooser-filter">
            <Textfield
              id={chooserIds.list}
              type="search"
              value={filter}
              aria-label={t('approvals.form.filter')}
              placeholder={t('approvals.form.filterPlaceholder')}
              isCompact
              onChange={(event) => {
                setFilter(event.currentTarget.value);
              }}
            />
          </div>
          <Text size="small" color="color.text.subtle">
            {t('approvals.form.chosenCount', {
              count: chosenCount,
              total: number.format(options.length),
            })}
          </Text>
          <Button
            appearance="subtle"
            spacing="compact"
            isDisabled={shown.every((option) => option.id in choices)}
            onClick={() => {
              const next = { ...choices };
              for (const option of shown) {
                if (Object.keys(next).length >= props.max) break;
                next[option.id] ??= { head: { ...option.head }, stage: '1' };
              }
              props.onChange(next);
            }}
          >
            {t('approvals.form.chooseShown')}
          </Button>
          <Button
            appearance="subtle"
            spacing="compact"
            isDisabled={chosenCount === 0}
            onClick={() => {
              props.onChange({});
            }}
          >
            {t('approvals.form.clearChoice')}
          </Button>
        </Inline>
        <FieldError id={chooserIds.error} text={props.errors.departments} />
        {shown.length === 0 ? (
          <Text color="color.text.subtle">{t('approvals.form.noMatch', { query: filter })}</Text>
        ) : (
          <ul className="rc-chooser-list" aria-label={t('approvals.form.departments')}>
            {shown.map((option) => {
              const choice = choices[option.id];
              const stageError = props.errors[`stage:${option.id}`];
              const departmentError = props.errors[`department:${option.id}`];
              return (
                <li
                  key={option.id}
                  className={choice ? 'rc-chooser-item rc-chooser-chosen' : 'rc-chooser-item'}
                >
                  <label className="rc-chooser-label">
                    <input
                      type="checkbox"
                      className="rc-checkbox"
                      id={chooserIds.checkbox(option.id)}
                      checked={Boolean(choice)}
                      onChange={(event) => {
                        toggle(option, event.currentTarget.checked);
                      }}
                    />
                    <span>{option.name}</span>
                  </label>
                  <FieldError
                    id={`${chooserIds.checkbox(option.id)}-error`}
                    text={departmentError}
                  />
                  {choice ? (
                    <div className="rc-chooser-details">
                      <HeadChooser
                        option={option}
                        choice={choice}
                        error={props.errors[`head:${option.id}`]}
                        onChange={(head) => {
                          update(option.id, { head });
                        }}
                      />
                      <Inline space="space.100" alignBlock="center">
                        <label htmlFor={chooserIds.stage(option.id)} className="rc-field-label">
                          {t('approvals.form.stage')}
                        </label>
                        <div className="rc-number-input">
                          <Textfield
                            id={chooserIds.stage(option.id)}
                            type="number"
                            inputMode="numeric"
                            min={STAGE_RANGE.min}
                            max={STAGE_RANGE.max}
                            isCompact
                            value={choice.stage}
                            isInvalid={Boolean(stageError)}
                            aria-label={t('approvals.form.stageOf', { name: option.name })}
                            aria-describedby={describedBy(
                              stageError && `${chooserIds.stage(option.id)}-error`,
                            )}
                            onChange={(event) => {
                              update(option.id, { stage: event.currentTarget.value });
                            }}
                          />
                        </div>
                      </Inline>
                      <FieldError id={`${chooserIds.stage(option.id)}-error`} text={stageError} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Stack>
    </fieldset>
  );
}
