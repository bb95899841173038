/**
 * Sessions people attend, through the local Forge host: a session's owner, start, length, place
 * or meeting link, seats and audience (one department, several, or all) are checked by the
 * resolvers with clear field errors and nothing stored; the strategy page shows them in the
 * page's language; a change to a session goes back to the heads of its audience only (all of
 * them for a session for every department); and a pushed session's issue is assigned to its
 * owner, its property naming the departments JQL finds it by.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { renderStorageFormat } from '../../local/products/confluence/render';
import type { StrategyDetail } from '../../src/contract';
import type { Rollout } from '../../src/domain/rollout';
import { call, callRaw, memoryHost, ok } from '../support/host';
import { decideAs, demoDepartment, requestApproval, uuid } from '../support/rollouts';
import {
  confluenceModule,
  jiraIssues,
  pageBody,
  pushPlan,
  strategyPayload,
  workProperties,
} from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

const SALES = demoDepartment('Sales');
const FINANCE = demoDepartment('Finance');
const TRAINER = 'rc-demo-employee';

type Payload = ReturnType<typeof strategyPayload>;
type SessionIn = Payload['plan']['sessions'][number];

/**
 * The default strategy with three sessions of its own: CRM basics for Sales and Finance, an
 * all-hands webinar for all departments (a meeting link), and office hours for Finance.
 */
function payloadWithSessions(change: (sessions: SessionIn[]) => void = () => undefined): Payload {
  const payload = strategyPayload({ sessions: 0 });
  const [pilot, wave] = payload.plan.phases;
  if (!pilot || !wave) throw new Error('no phases');
  const sessions: SessionIn[] = [
    {
      id: uuid(9001),
      kind: 'training',
      title: 'CRM basics',
      phaseId: pilot.id,
      ownerAccountId: TRAINER,
      date: '2031-01-14',
      startTime: '09:30',
      durationMinutes: 90,
      place: 'Room 2.14',
      capacity: 12,
      departmentIds: [SALES, FINANCE],
      allDepartments: false,
      audience: 'Account managers',
    },
    {
      id: uuid(9002),
      kind: 'seminar',
      title: 'Why we change',
      phaseId: pilot.id,
      ownerAccountId: 'rc-demo-coordinator',
      date: '2031-01-20',
      startTime: '16:00',
      durationMinutes: 45,
      place: 'https://meet.example.com/j/why-we-change?pwd=a&b=c',
      capacity: 500,
      departmentIds: [],
      allDepartments: true,
      audience: '',
    },
    {
      id: uuid(9003),
      kind: 'office-hours',
      title: 'Drop-in help',
      phaseId: wave.id,
      ownerAccountId: TRAINER,
      date: '2031-02-10',
      startTime: '13:00',
      durationMinutes: 120,
      place: 'Finance floor, desk 4',
      capacity: 6,
      departmentIds: [FINANCE],
      allDepartments: false,
      audience: '',
    },
  ];
  change(sessions);
  return { ...payload, plan: { ...payload.plan, sessions } };
}

async function create(payload: Payload, locale?: string) {
  return call(
    confluenceModule(host, locale ? { locale } : {}),
    'coordinator',
    'strategy/create',
    payload,
  );
}

async function stored(): Promise<Rollout | undefined> {
  return kvs.entity<Rollout>('rollout').get(uuid(700));
}

function pageHtml(detail: StrategyDetail): string {
  return renderStorageFormat(pageBody(host, detail.page?.id ?? '')).html;
}

describe('a strategy with sessions', () => {
  it('stores each session whole and answers its owners by name', async () => {
    const detail = await ok(create(payloadWithSessions()));
    expect(detail.plan.sessions).toEqual(payloadWithSessions().plan.sessions);
    expect(detail.plan.owners).toEqual([
      expect.objectContaining({ accountId: TRAINER, displayName: 'Lucas Petit', active: true }),
      expect.objectContaining({ accountId: 'rc-demo-coordinator', active: true }),
    ]);
    expect((await stored())?.sessions.map((s) => [s.allDepartments, s.departmentIds])).toEqual([
      [false, [SALES, FINANCE]],
      [true, []],
      [false, [FINANCE]],
    ]);
  });

  it('shows owner, date and time, length, place or link, seats and audience on the page', async () => {
    const detail = await ok(create(payloadWithSessions()));
    const html = pageHtml(detail);
    expect(html).toContain('>Date and time</th>');
    expect(html).toContain('>14 January 2031, 09:30<');
    expect(html).toContain('>1 h 30 min<');
    expect(html).toContain('>45 min<');
    expect(html).toContain('>Lucas Petit<');
    expect(html).toContain('>Room 2.14<');
    expect(html).toContain('>Sales, Finance: Account managers<');
    expect(html).toContain('>All departments<');
    expect(html).toContain('>500<');
    // The meeting link is a link, its address kept whole.
    expect(html).toMatch(
      /<a href="https:\/\/meet\.example\.com\/j\/why-we-change\?pwd=a&(amp;|#38;)b=c"/u,
    );
    // Office hours are in the support section, with their length and seats.
    expect(html).toContain('>2 h<');
    expect(html).toContain('>Finance floor, desk 4<');
  });

  it('writes the sessions in French on a French page, "All departments" included', async () => {
    const detail = await ok(create(payloadWithSessions(), 'fr-FR'));
    const html = pageHtml(detail);
    expect(html).toContain('>Date et heure</th>');
    expect(html).toContain('>14 janvier 2031 à 09:30<');
    expect(html).toContain('>1 h 30<');
    expect(html).toContain('>Tous les services<');
    expect(html).toContain('>Responsable</th>');
  });
});

describe('a session the resolvers refuse', () => {
  const cases: [string, (s: SessionIn[]) => void, string, string][] = [
    [
      'a start time that is not one',
      (s) => {
        if (s[0]) s[0].startTime = '25:10';
      },
      'plan.sessions.0.startTime',
      'errors.plan.sessionTime',
    ],
    [
      'a length of 3 minutes',
      (s) => {
        if (s[1]) s[1].durationMinutes = 3;
      },
      'plan.sessions.1.durationMinutes',
      'errors.plan.sessionDuration',
    ],
    [
      'no seats',
      (s) => {
        if (s[2]) s[2].capacity = 0;
      },
      'plan.sessions.2.capacity',
      'errors.plan.sessionCapacity',
    ],
    [
      'a department outside the rollout',
      (s) => {
        if (s[0]) s[0].departmentIds = [SALES, uuid(4242)];
      },
      'plan.sessions.0.departmentIds',
      'errors.rollout.unknownDepartment',
    ],
    [
      'no department at all',
      (s) => {
        if (s[2]) s[2].departmentIds = [];
      },
      'plan.sessions.2.departmentIds',
      'errors.plan.audienceRequired',
    ],
    [
      'all departments and a list besides',
      (s) => {
        if (s[1]) s[1].departmentIds = [SALES];
      },
      'plan.sessions.1.departmentIds',
      'errors.plan.audienceAllAndSome',
    ],
    [
      'no owner',
      (s) => {
        if (s[0]) s[0].ownerAccountId = ' ';
      },
      'plan.sessions.0.ownerAccountId',
      'errors.plan.sessionOwner',
    ],
    [
      'an owner Jira does not know',
      (s) => {
        if (s[2]) s[2].ownerAccountId = 'nobody-here';
      },
      'plan.sessions.2.ownerAccountId',
      'errors.department.unknownUser',
    ],
    [
      'a link people cannot open',
      (s) => {
        if (s[1]) s[1].place = 'javascript://alert(1)';
      },
      'plan.sessions.1.place',
      'errors.plan.sessionLink',
    ],
  ];

  it.each(cases)('names the field for %s, and stores nothing', async (_name, change, path, key) => {
    const { envelope } = await create(payloadWithSessions(change));
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { fields: [{ path, messageKey: key }] } },
    });
    if (!envelope.ok) expect(envelope.error.details?.fields).toHaveLength(1);
    expect(await stored()).toBeUndefined();
  });

  it('refuses a session in the old shape (one departmentId), naming the new fields', async () => {
    const payload = payloadWithSessions();
    const [first] = payload.plan.sessions;
    // Off the contract on purpose: what an older browser tab would still send.
    const { envelope } = await callRaw(confluenceModule(host), 'coordinator', 'strategy/create', {
      ...payload,
      plan: {
        ...payload.plan,
        sessions: [
          {
            id: first?.id ?? '',
            kind: 'training',
            title: 'CRM basics',
            phaseId: first?.phaseId ?? '',
            departmentId: SALES,
            date: '2031-01-14',
          },
        ],
      },
    });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('VALIDATION');
    expect(envelope.error.details?.fields).toEqual(
      expect.arrayContaining([
        { path: 'plan.sessions.0.ownerAccountId', messageKey: 'errors.plan.sessionOwner' },
        { path: 'plan.sessions.0.startTime', messageKey: 'errors.plan.sessionTime' },
        { path: 'plan.sessions.0.capacity', messageKey: 'errors.plan.sessionCapacity' },
      ]),
    );
    expect(await stored()).toBeUndefined();
  });
});

describe('a rollout stored before sessions had owners and audiences', () => {
  it('reads an old session as one for its department, its new fields left to fill in', async () => {
    const detail = await ok(create(payloadWithSessions()));
    const current = await stored();
    if (!current) throw new Error('not stored');
    const [first] = current.sessions;
    if (!first) throw new Error('no session');
    const old = {
      id: first.id,
      kind: first.kind,
      title: first.title,
      phaseId: first.phaseId,
      date: first.date,
      audience: '',
    };
    await kvs
      .entity('rollout')
      .set(current.id, { ...current, sessions: [{ ...old, departmentId: SALES }] });
    const read = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/get', { rolloutId: detail.rollout.id }),
    );
    expect(read.plan.sessions).toEqual([
      {
        ...old,
        departmentIds: [SALES],
        allDepartments: false,
        ownerAccountId: '',
        startTime: '',
        durationMinutes: 0,
        place: '',
        capacity: 0,
      },
    ]);
    expect(read.plan.owners).toEqual([]);
  });
});

const HEADS = [
  ['head-sales', 'Sales'],
  ['head-support', 'Customer Support'],
  ['head-finance', 'Finance'],
  ['head-operations', 'Operations'],
] as const;

async function approved(): Promise<StrategyDetail> {
  const made = await ok(create(payloadWithSessions()));
  await requestApproval(host, 'ROLL-2');
  for (const [head, name] of HEADS) {
    expect((await decideAs(host, head, name, 'approved', '', 'ROLL-2')).envelope.ok).toBe(true);
  }
  return ok(
    call(confluenceModule(host), 'coordinator', 'strategy/get', { rolloutId: made.rollout.id }),
  );
}

async function editSessions(detail: StrategyDetail, change: (sessions: SessionIn[]) => void) {
  const payload = payloadWithSessions(change);
  return ok(
    call(confluenceModule(host), 'coordinator', 'strategy/update', {
      rolloutId: detail.rollout.id,
      version: detail.rollout.version,
      title: payload.title,
      objective: payload.objective,
      targetDate: payload.targetDate,
      departments: payload.departments,
      plan: payload.plan,
      // The user saw who is asked again (the confirmation is tested in strategy-reconfirm).
      confirmReconfirmation: true,
    }),
  );
}

describe('a change to an approved plan’s sessions', () => {
  it('goes to every head when the session is for all departments', async () => {
    const detail = await approved();
    const updated = await editSessions(detail, (s) => {
      if (s[1]) s[1].startTime = '17:00';
    });
    expect(updated.rollout).toMatchObject({ approvalState: 'awaiting-approval', round: 2 });
    // Listed by name, as the strategy view lists them.
    expect(updated.reconfirmation?.departments.map((d) => [d.name, d.changes])).toEqual(
      ['Customer Support', 'Finance', 'Operations', 'Sales'].map((name) => [
        name,
        ['Session “Why we change” changed'],
      ]),
    );
  });

  it('goes to the heads of its audience only, and a department joining it sees it as new', async () => {
    const detail = await approved();
    const updated = await editSessions(detail, (s) => {
      // Office hours move a day and open to Sales as well.
      if (s[2]) {
        s[2].date = '2031-02-11';
        s[2].departmentIds = [FINANCE, SALES];
      }
    });
    expect(updated.reconfirmation?.departments).toEqual([
      { name: 'Finance', changes: ['Session “Drop-in help”: 10 Feb → 11 Feb 2031'] },
      { name: 'Sales', changes: ['New session “Drop-in help”: 11 Feb 2031'] },
    ]);
  });

  it('asks nobody again when only who else attends changes for a department', async () => {
    const detail = await approved();
    const updated = await editSessions(detail, (s) => {
      if (s[0]) s[0].departmentIds = [SALES];
    });
    // Finance left the session: it is cancelled for them; Sales' session is the same.
    expect(updated.reconfirmation?.departments).toEqual([
      { name: 'Finance', changes: ['Session cancelled “CRM basics” (14 Jan 2031)'] },
    ]);
  });
});

describe('a pushed session', () => {
  it('is assigned to its owner (unassigned when the project will not take them), its property naming its departments for JQL', async () => {
    const detail = await ok(create(payloadWithSessions()));
    const pushed = await pushPlan(host, detail.rollout.id);
    expect(pushed).toMatchObject({ total: 3, inJira: 3, job: { state: 'done', failed: [] } });
    const byTitle = new Map(
      jiraIssues(host, pushed.jql).map((found) => {
        const issue = host.products.jira.issues.getIssue(found.id);
        return [issue?.summary ?? '', issue] as const;
      }),
    );
    expect(byTitle.get('Why we change')?.assigneeAccountId).toBe('rc-demo-coordinator');
    // The employee is no assignable user of ROLL: Jira refuses them as assignee, and their
    // sessions' issues are made all the same, unassigned, rather than missing.
    expect(byTitle.get('CRM basics')?.assigneeAccountId).toBeUndefined();
    expect(byTitle.get('Drop-in help')?.assigneeAccountId).toBeUndefined();
    // Its description says when, where (a link for a meeting link) and how many seats.
    const described = JSON.stringify(byTitle.get('CRM basics')?.fields.description);
    expect(described).toContain('When: 14 January 2031, 09:30 (1 h 30 min)');
    expect(described).toContain('"text":"Room 2.14"');
    expect(described).toContain('Seats: 12');
    expect(described).toContain('Department: Sales, Finance');
    expect(JSON.stringify(byTitle.get('Why we change')?.fields.description)).toContain(
      '"marks":[{"type":"link","attrs":{"href":"https://meet.example.com/j/why-we-change?pwd=a&b=c"}}]',
    );
    const properties = new Map(workProperties(host, detail.rollout.id).map((p) => [p.kind, p]));
    expect(properties.get('training')).toMatchObject({
      departmentId: '',
      departmentIds: [SALES, FINANCE],
    });
    expect(properties.get('seminar')).toMatchObject({ departmentId: '', departmentIds: ['all'] });
    expect(properties.get('office-hours')).toMatchObject({
      departmentId: FINANCE,
      departmentIds: [FINANCE],
    });
    // Finance's sessions, by the indexed list: the one for two departments and its own.
    const finance = jiraIssues(
      host,
      `rolloutId = "${detail.rollout.id}" AND rolloutDepartments = "${FINANCE}"`,
    );
    expect(finance).toHaveLength(2);
    expect(
      jiraIssues(host, `rolloutId = "${detail.rollout.id}" AND rolloutDepartments = "all"`),
    ).toHaveLength(1);
  });
});
