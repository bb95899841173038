/**
 * Confluence space settings and global settings: the native "Rollout strategy" page template.
 * Confluence has no Forge module for templates, so the app registers one through the REST API:
 * per space by a space admin, or for the whole site by a Confluence admin. Registering again
 * updates the same template (in the language chosen) instead of adding a copy. A template or
 * strategy page whose macro was made in another environment of the app is pointed out here, and
 * registering again brings it to this one.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Lozenge } from '../../components/Lozenge';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, TemplateScope, TemplateStatus } from '../../../contract';
import { languageName, pickLanguage, type Language } from '../../../domain/language';
import { STRATEGY_SECTIONS } from '../../../domain/rules/strategy-sections';
import type { AppContext } from '../../context';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { ProductLink } from '../../components/ProductLink';
import '../../components/form.css';
import './templates.css';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; template: TemplateStatus };

/** The registered template's language, when the status says it. */
function languageOf(template: TemplateStatus): Language | null {
  return template.templateId === null ? null : (template.language ?? null);
}

function Forbidden(props: { scope: TemplateScope }) {
  const { t } = useTranslator();
  return (
    <SectionMessage appearance="information" title={t('templates.forbiddenTitle')}>
      <p>{t(props.scope === 'space' ? 'templates.forbiddenSpace' : 'templates.forbiddenGlobal')}</p>
    </SectionMessage>
  );
}

/**
 * What stops the Rollout status macro from showing: a template whose macro names another
 * environment of the app (or lost it), strategy pages of the space made elsewhere.
 */
function MacroNotes(props: { template: TemplateStatus; canRegister: boolean }) {
  const { t } = useTranslator();
  const { macro, stalePages } = props.template;
  const fix = props.canRegister ? (
    <p>
      {t(
        props.template.scope === 'space'
          ? 'templates.fixByRegistering'
          : 'templates.fixByRegisteringGlobal',
      )}
    </p>
  ) : null;
  if (macro !== 'other-environment' && macro !== 'missing' && stalePages.length === 0) return null;
  return (
    <div className="rc-tp-notes">
      {macro === 'other-environment' ? (
        <SectionMessage appearance="warning" title={t('templates.otherEnvironmentTitle')}>
          <p>{t('templates.otherEnvironment')}</p>
          {fix}
        </SectionMessage>
      ) : null}
      {macro === 'missing' ? (
        <SectionMessage appearance="warning" title={t('templates.macroMissingTitle')}>
          <p>{t('templates.macroMissing')}</p>
          {fix}
        </SectionMessage>
      ) : null}
      {stalePages.length > 0 ? (
        <SectionMessage
          appearance="warning"
          title={t('templates.stalePagesTitle', { count: stalePages.length })}
        >
          <p>{t('templates.stalePages')}</p>
          <ul className="rc-tp-pages">
            {stalePages.map((page) => (
              <li key={page.id}>
                <ProductLink href={page.url} to={{ target: 'contentView', contentId: page.id }}>
                  {page.title}
                </ProductLink>
              </li>
            ))}
          </ul>
          {fix}
        </SectionMessage>
      ) : null}
    </div>
  );
}

function RegisterForm(props: {
  template: TemplateStatus;
  locale: string;
  onRegistered: (template: TemplateStatus, language: Language) => void;
  onForbidden: () => void;
}) {
  const { t, languages: shipped } = useTranslator();
  const { template } = props;
  const registered = template.templateId !== null;
  // One choice per locale file the app ships (English alone if that list could not be read).
  const languages = shipped.length > 0 ? shipped : ['en'];
  const [language, setLanguage] = useState<Language>(
    () => languageOf(template) ?? pickLanguage(props.locale, languages, languages[0] ?? 'en'),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const answer = await call('templates/register', { scope: template.scope, language });
    setBusy(false);
    if (answer.ok) props.onRegistered(answer.data, language);
    else if (answer.error.code === 'FORBIDDEN') props.onForbidden();
    else setError(answer.error);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!busy) void submit();
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby="template-form-title">
      <Stack space="space.200">
        <Heading size="xsmall" as="h2" id="template-form-title">
          {registered ? t('templates.updateTitle') : t('templates.registerTitle')}
        </Heading>
        <fieldset className="rc-fieldset" aria-describedby="template-language-help">
          <legend className="rc-legend">{t('templates.language')}</legend>
          <Stack space="space.100">
            <Text id="template-language-help" size="small" color="color.text.subtlest">
              {t('templates.languageHelp')}
            </Text>
            {languages.map((value) => (
              <Inline key={value} space="space.100" alignBlock="center">
                <input
                  type="radio"
                  className="rc-radio"
                  name="template-language"
                  id={`template-language-${value}`}
                  value={value}
                  checked={language === value}
                  onChange={() => {
                    setLanguage(value);
                  }}
                />
                <label htmlFor={`template-language-${value}`} lang={value}>
                  {languageName(value)}
                </label>
              </Inline>
            ))}
          </Stack>
        </fieldset>
        {error ? <ErrorMessage error={error} /> : null}
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" type="submit" isLoading={busy}>
            {registered ? t('templates.update') : t('templates.register')}
          </Button>
          {busy ? (
            <Text size="small" color="color.text.subtlest">
              {registered ? t('templates.updating') : t('templates.registering')}
            </Text>
          ) : null}
        </Inline>
        {registered ? (
          <Text size="small" color="color.text.subtle">
            {t('templates.updateHint')}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}

export default function TemplateSettings(props: { context: AppContext }) {
  const { t } = useTranslator();
  const scope: TemplateScope =
    props.context.extension.type === 'confluence:globalSettings' ? 'global' : 'space';
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [forbidden, setForbidden] = useState(false);
  // The language of the last registration here, until the status itself says it.
  const [justRegistered, setJustRegistered] = useState<Language | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const loadStatus = useCallback(async (): Promise<void> => {
    const answer = await call('templates/status', { scope });
    setLoad(
      answer.ok
        ? { status: 'ready', template: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, [scope]);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  if (load.status === 'loading') return <Loading label={t('templates.loading')} />;
  if (load.status === 'failed') {
    return (
      <div className="rc-inset-300">
        <ErrorMessage
          title={t('templates.loadFailed')}
          error={load.error}
          onRetry={() => {
            setLoad({ status: 'loading' });
            void loadStatus();
          }}
        />
      </div>
    );
  }

  const { template } = load;
  const registered = template.templateId !== null;
  const language = languageOf(template) ?? (registered ? justRegistered : null);
  const where =
    scope === 'space'
      ? t('templates.whereSpace', { space: template.space?.name ?? '' })
      : t('templates.whereGlobal');

  return (
    <div className="rc-inset-300">
      <Stack space="space.300">
        <Stack space="space.100">
          <Heading size="large" as="h1">
            {t('templates.title')}
          </Heading>
          <Text as="p" color="color.text.subtle">
            {scope === 'space'
              ? t('templates.introSpace', { space: template.space?.name ?? '' })
              : t('templates.introGlobal')}
          </Text>
        </Stack>

        <section className="rc-tp-status" aria-labelledby="template-status-title">
          <Stack space="space.100">
            <Heading size="xsmall" as="h2" id="template-status-title">
              {t('templates.statusTitle')}
            </Heading>
            <Inline space="space.100" alignBlock="center" shouldWrap>
              <Lozenge appearance={registered ? 'success' : 'default'}>
                {registered ? t('templates.registered') : t('templates.notRegistered')}
              </Lozenge>
              <Text>
                {registered
                  ? language
                    ? t('templates.registeredIn', {
                        where,
                        language: languageName(language),
                      })
                    : t('templates.registeredWhere', { where })
                  : t('templates.notRegisteredWhere', { where })}
              </Text>
            </Inline>
          </Stack>
        </section>

        <MacroNotes template={template} canRegister={template.canRegister && !forbidden} />

        <section aria-labelledby="template-sections-title">
          <Stack space="space.100">
            <Heading size="xsmall" as="h2" id="template-sections-title">
              {t('templates.sectionsTitle')}
            </Heading>
            <ul className="rc-tp-sections">
              {STRATEGY_SECTIONS.map((section) => (
                <li key={section}>{t(`templates.section.${section}`)}</li>
              ))}
            </ul>
            <Text color="color.text.subtle">{t('templates.macroNote')}</Text>
          </Stack>
        </section>

        {template.canRegister && !forbidden ? (
          <div className="rc-tp-panel">
            <RegisterForm
              key={`${template.templateId ?? 'none'}:${language ?? ''}`}
              template={template}
              locale={props.context.locale}
              onRegistered={(next, chosen) => {
                setJustRegistered(chosen);
                setAnnouncement(
                  t(registered ? 'templates.updated' : 'templates.done', {
                    language: languageName(chosen),
                  }),
                );
                setLoad({ status: 'ready', template: next });
              }}
              onForbidden={() => {
                setForbidden(true);
              }}
            />
          </div>
        ) : (
          <Forbidden scope={scope} />
        )}
        <div aria-live="polite" role="status" className="rc-visually-hidden">
          {announcement}
        </div>
      </Stack>
    </div>
  );
}
