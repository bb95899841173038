/** The approval settings through the local host: defaults, admin-only changes, versions. */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { adminPage, call, memoryHost, ok } from '../support/host';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

const change = (version: number, extra: Record<string, unknown> = {}) => ({
  reminderCadenceDays: 3,
  maxReminders: 5,
  allowSelfApproval: true,
  version,
  ...extra,
});

describe('approval settings', () => {
  it('answers the defaults to anyone, and whether they may change them', async () => {
    expect(await ok(call(adminPage(host), 'employee', 'settings/get', {}))).toEqual({
      reminderCadenceDays: 2,
      maxReminders: 3,
      allowSelfApproval: false,
      problemReminderDays: 2,
      progressThresholds: { atRiskGap: 10, offTrackGap: 25 },
      version: 0,
      canManage: false,
    });
    expect((await ok(call(adminPage(host), 'admin', 'settings/get', {}))).canManage).toBe(true);
  });

  it('lets a Jira administrator change them, versioned', async () => {
    expect(await ok(call(adminPage(host), 'admin', 'settings/update', change(0)))).toEqual({
      reminderCadenceDays: 3,
      maxReminders: 5,
      allowSelfApproval: true,
      // A form that does not send the problem cadence keeps it as it was (the default here).
      problemReminderDays: 2,
      progressThresholds: { atRiskGap: 10, offTrackGap: 25 },
      version: 1,
      canManage: true,
    });
    expect(await kvs.entity('app-settings').get('approvals')).toEqual({
      reminderCadenceDays: 3,
      maxReminders: 5,
      allowSelfApproval: true,
      problemReminderDays: 2,
      progressThresholds: { atRiskGap: 10, offTrackGap: 25 },
      version: 1,
    });
    expect((await ok(call(adminPage(host), 'coordinator', 'settings/get', {}))).version).toBe(1);
    const second = await ok(
      call(adminPage(host), 'admin', 'settings/update', change(1, { maxReminders: 0 })),
    );
    expect(second).toMatchObject({ maxReminders: 0, version: 2 });
    const third = await ok(
      call(adminPage(host), 'admin', 'settings/update', change(2, { problemReminderDays: 7 })),
    );
    expect(third).toMatchObject({ problemReminderDays: 7, version: 3 });
    const thresholds = await ok(
      call(
        adminPage(host),
        'admin',
        'settings/update',
        change(3, { progressThresholds: { atRiskGap: 5, offTrackGap: 40 } }),
      ),
    );
    expect(thresholds).toMatchObject({
      problemReminderDays: 7,
      progressThresholds: { atRiskGap: 5, offTrackGap: 40 },
      version: 4,
    });
    const outOfRange = await call(
      adminPage(host),
      'admin',
      'settings/update',
      change(4, { problemReminderDays: 0 }),
    );
    expect(outOfRange.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: {
          fields: [{ path: 'problemReminderDays', messageKey: 'errors.settings.problemCadence' }],
        },
      },
    });
  });

  it('refuses everyone else, and changes nothing', async () => {
    for (const who of ['coordinator', 'head-sales', 'outsider']) {
      const { envelope } = await call(adminPage(host), who, 'settings/update', change(0));
      expect(envelope).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', messageKey: 'errors.settings.adminOnly' },
      });
    }
    expect(await kvs.entity('app-settings').get('approvals')).toBeUndefined();
  });

  it('answers CONFLICT with the current settings to a stale version; of two racing saves one wins', async () => {
    const outcomes = await Promise.all([
      call(adminPage(host), 'admin', 'settings/update', change(0, { reminderCadenceDays: 4 })),
      call(adminPage(host), 'admin', 'settings/update', change(0, { reminderCadenceDays: 5 })),
    ]);
    expect(outcomes.filter((o) => o.envelope.ok)).toHaveLength(1);
    const loser = outcomes.find((o) => !o.envelope.ok);
    const stored = await kvs
      .entity<{ reminderCadenceDays: number }>('app-settings')
      .get('approvals');
    expect(loser?.envelope).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        messageKey: 'errors.settings.stale',
        details: { current: { version: 1, reminderCadenceDays: stored?.reminderCadenceDays } },
      },
    });
  });

  it.each([
    [{ reminderCadenceDays: 0 }, 'reminderCadenceDays', 'errors.settings.cadence'],
    [{ reminderCadenceDays: 31 }, 'reminderCadenceDays', 'errors.settings.cadence'],
    [{ reminderCadenceDays: 1.5 }, 'reminderCadenceDays', 'errors.settings.cadence'],
    [{ maxReminders: 11 }, 'maxReminders', 'errors.settings.maxReminders'],
    [{ allowSelfApproval: 'yes' }, 'allowSelfApproval', 'errors.field.invalid'],
    [
      { progressThresholds: { atRiskGap: 0, offTrackGap: 25 } },
      'progressThresholds.atRiskGap',
      'errors.settings.gap',
    ],
    [
      { progressThresholds: { atRiskGap: 10, offTrackGap: 101 } },
      'progressThresholds.offTrackGap',
      'errors.settings.gap',
    ],
    [
      { progressThresholds: { atRiskGap: 30, offTrackGap: 30 } },
      'progressThresholds.offTrackGap',
      'errors.settings.gapOrder',
    ],
  ])('validates %j', async (extra, path, messageKey) => {
    const { envelope, counters } = await call(
      adminPage(host),
      'admin',
      'settings/update',
      change(0, extra),
    );
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { fields: [{ path, messageKey }] } },
    });
    expect(counters).toEqual({ storage: 0, product: 0 });
  });
});
