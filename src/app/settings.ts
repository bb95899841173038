/** The approval settings: everyone reads them (the panel applies them), Jira admins change them. */
import type { AppFailure, SettingsView } from '../contract';
import type { ApprovalSettings } from '../domain/settings';
import { refuse } from './failures';
import type { Ports, UseCase } from './ports';

function toView(settings: ApprovalSettings, canManage: boolean): SettingsView {
  return {
    reminderCadenceDays: settings.reminderCadenceDays,
    maxReminders: settings.maxReminders,
    allowSelfApproval: settings.allowSelfApproval,
    problemReminderDays: settings.problemReminderDays,
    progressThresholds: settings.progressThresholds,
    version: settings.version,
    canManage,
  };
}

function stale(current: ApprovalSettings): AppFailure {
  return refuse('errors.settings.stale', { details: { current: toView(current, true) } });
}

export const getSettings: UseCase<'settings/get', Pick<Ports, 'jira' | 'settings'>> = async (
  _payload,
  _call,
  ports,
) => {
  const [settings, canManage] = await Promise.all([ports.settings.get(), ports.jira.isAdmin()]);
  return toView(settings, canManage);
};

export const updateSettings: UseCase<'settings/update', Pick<Ports, 'jira' | 'settings'>> = async (
  payload,
  _call,
  ports,
) => {
  if (!(await ports.jira.isAdmin())) {
    throw refuse('errors.settings.adminOnly');
  }
  const current = await ports.settings.get();
  if (current.version !== payload.version) throw stale(current);
  const next: ApprovalSettings = {
    reminderCadenceDays: payload.reminderCadenceDays,
    maxReminders: payload.maxReminders,
    allowSelfApproval: payload.allowSelfApproval,
    problemReminderDays: payload.problemReminderDays ?? current.problemReminderDays,
    progressThresholds: payload.progressThresholds ?? current.progressThresholds,
    version: current.version + 1,
  };
  if ((await ports.settings.save(current.version, next)) === 'stale') {
    throw stale(await ports.settings.get());
  }
  return toView(next, true);
};
