/**
 * Every contract key, walked with hostile ids through the local Forge host: whatever id a payload
 * carries (ids, request ids, account ids, cursors, at any depth), a malformed one is VALIDATION and
 * a well-formed one that names nothing is NOT_FOUND or VALIDATION, never INTERNAL (a storage key
 * error). A key without ids is walked too: an id it does not expect is refused by its schema.
 */
import type { LocalHost } from '../../local/host';
import type { FunctionKey } from '../../src/contract';
import { FUNCTION_KEYS } from '../../src/contract';
import { accountIdOf, adminPage, callRaw, memoryHost, type From } from '../support/host';
import {
  approvalIn,
  demoDepartment,
  issuePanel,
  makeRollout,
  requestApproval,
  uuid,
} from '../support/rollouts';
import {
  MACRO,
  SPACE_PAGE,
  SPACE_SETTINGS,
  spaceExtension,
  strategyPayload,
} from '../support/strategy';
import { gadget } from '../support/gadget';

type Place = 'admin' | 'panel' | 'space' | 'settings' | 'macro' | 'gadget' | 'mine';

interface Sample {
  place: Place;
  as: string;
  payload: Record<string, unknown>;
}

/** Ids no id schema accepts: each must be refused as VALIDATION, wherever it is. */
const HOSTILE: unknown[] = [
  '<script>',
  'x y/z',
  "it's",
  'ünï',
  '',
  ' ',
  '../../etc',
  'a'.repeat(600),
  '\u0000',
  42,
  null,
  {},
  ['x'],
];

/**
 * Strings an account id's shape allows (account ids are opaque) that name object internals:
 * never INTERNAL, wherever they go.
 */
const ODD = ['__proto__', 'constructor', 'hasOwnProperty', 'null', `${uuid(1)}:1:${uuid(2)}:x`];

/** Optional ids whose "none" is spelled '' or null. */
const NONE_ALLOWED = new Set(['delegateAccountId', 'departmentId', 'phaseId']);

/** Well-formed ids that name nothing stored. */
const UNKNOWN: Record<string, string> = {
  uuid: uuid(987_654),
  approval: `${uuid(987_654)}:1:${uuid(987_655)}`,
  account: 'unknown-account-0000',
};

let host: LocalHost;
let samples: Record<FunctionKey, Sample>;

function isIdKey(key: string): boolean {
  return key === 'id' || key === 'cursor' || key.endsWith('Id');
}

/** Paths (key lists) of every id leaf of a payload; only the first element of each array. */
function idPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length > 0 ? idPaths(value[0], [...path, 0]) : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'string' && isIdKey(key) ? [[...path, key]] : idPaths(child, [...path, key]),
  );
}

function replaced(value: unknown, path: readonly (string | number)[], leaf: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item, index) =>
      index === head ? replaced(item, rest, leaf) : item,
    );
  }
  const record = value as Record<string, unknown>;
  return { ...record, [head]: replaced(record[String(head)], rest, leaf) };
}

function unknownFor(key: string, current: string): string {
  if (key === 'approvalId') return UNKNOWN.approval ?? '';
  if (/accountId$/iu.test(key)) return UNKNOWN.account ?? '';
  if (key === 'cursor') return current;
  return UNKNOWN.uuid ?? '';
}

async function call(sample: Sample, key: FunctionKey, payload: unknown) {
  const from: Record<Place, From> = {
    admin: adminPage(host),
    panel: issuePanel(host, 'ROLL-1'),
    space: { host, moduleKey: SPACE_PAGE, extension: spaceExtension(host) },
    settings: { host, moduleKey: SPACE_SETTINGS, extension: spaceExtension(host) },
    gadget: gadget(host),
    mine: { host, moduleKey: 'rollout-mine' },
    macro: {
      host,
      moduleKey: MACRO,
      extension: { ...spaceExtension(host), content: { id: '1', type: 'page' }, config: {} },
    },
  };
  const { envelope } = await callRaw(from[sample.place], sample.as, key, payload);
  return envelope.ok ? { ok: true, error: undefined } : { ok: false, error: envelope.error };
}

beforeAll(async () => {
  host = await memoryHost();
  await makeRollout(host);
  const view = await requestApproval(host);
  const finance = approvalIn(view, 'Finance');
  const strategy = strategyPayload({ phases: 1, sessions: 1, tasksPerPhase: 1 });
  const head = accountIdOf(host, 'head-sales');
  const rolloutFields = {
    title: 'Roll out the new CRM',
    objective: 'Everyone uses it.',
    targetDate: '2030-09-30',
    departments: [{ departmentId: demoDepartment('Sales'), headAccountId: head, stage: 1 }],
  };
  samples = {
    'directory/list': { place: 'admin', as: 'admin', payload: {} },
    'directory/create': {
      place: 'admin',
      as: 'admin',
      payload: {
        requestId: uuid(4000),
        name: 'Legal',
        headAccountId: head,
        delegateAccountId: head,
      },
    },
    'directory/update': {
      place: 'admin',
      as: 'admin',
      payload: { id: demoDepartment('Sales'), version: 1, name: 'Sales', headAccountId: head },
    },
    'directory/remove': {
      place: 'admin',
      as: 'admin',
      payload: { id: demoDepartment('Sales'), version: 1 },
    },
    'users/search': { place: 'admin', as: 'admin', payload: { query: 'So' } },
    'groups/search': { place: 'admin', as: 'admin', payload: { query: 'jira' } },
    'approvals/panel': { place: 'panel', as: 'coordinator', payload: {} },
    'rollouts/create': {
      place: 'panel',
      as: 'coordinator',
      payload: { requestId: uuid(4001), ...rolloutFields },
    },
    'rollouts/discard': {
      place: 'panel',
      as: 'coordinator',
      payload: { rolloutId: view.rollout.id, version: 99 },
    },
    'approvals/request': { place: 'panel', as: 'coordinator', payload: { version: 1 } },
    'approvals/decide': {
      place: 'panel',
      as: 'head-finance',
      payload: { approvalId: finance.id, version: 1, decision: 'approved', comment: '' },
    },
    'mine/load': { place: 'mine', as: 'head-finance', payload: {} },
    'mine/decide': {
      place: 'mine',
      as: 'head-finance',
      payload: { approvalId: finance.id, version: 1, decision: 'approved', comment: '' },
    },
    'approvals/history': { place: 'panel', as: 'coordinator', payload: { cursor: 'abc' } },
    'approvals/export': { place: 'panel', as: 'coordinator', payload: { cursor: 'abc' } },
    'delegations/add': {
      place: 'panel',
      as: 'head-sales',
      payload: {
        requestId: uuid(4002),
        delegateAccountId: accountIdOf(host, 'employee'),
        from: '2031-01-01',
        to: '2031-01-02',
      },
    },
    'delegations/remove': {
      place: 'panel',
      as: 'head-sales',
      payload: { id: uuid(4003), version: 1 },
    },
    'settings/get': { place: 'admin', as: 'admin', payload: {} },
    'settings/update': {
      place: 'admin',
      as: 'admin',
      payload: { reminderCadenceDays: 2, maxReminders: 3, allowSelfApproval: false, version: 0 },
    },
    'strategy/space': { place: 'space', as: 'coordinator', payload: {} },
    'strategy/create': { place: 'space', as: 'coordinator', payload: strategy },
    'strategy/checkTitle': {
      place: 'space',
      as: 'coordinator',
      payload: { title: 'New CRM', rolloutId: uuid(4004) },
    },
    'strategy/get': { place: 'space', as: 'coordinator', payload: { rolloutId: uuid(4004) } },
    'strategy/update': {
      place: 'space',
      as: 'coordinator',
      payload: {
        rolloutId: uuid(4004),
        version: 1,
        plan: strategy.plan,
        title: strategy.title,
        objective: strategy.objective,
        targetDate: strategy.targetDate,
        departments: strategy.departments,
      },
    },
    'strategy/push': { place: 'space', as: 'coordinator', payload: { rolloutId: uuid(4004) } },
    'strategy/push-status': {
      place: 'space',
      as: 'coordinator',
      payload: { rolloutId: uuid(4004) },
    },
    'templates/status': { place: 'settings', as: 'admin', payload: { scope: 'space' } },
    'templates/register': {
      place: 'settings',
      as: 'admin',
      payload: { scope: 'space', language: 'en' },
    },
    'macro/status': { place: 'macro', as: 'coordinator', payload: {} },
    'macro/options': { place: 'macro', as: 'coordinator', payload: {} },
    'rolloutPanel/load': { place: 'panel', as: 'coordinator', payload: {} },
    'rolloutPanel/completePhase': {
      place: 'panel',
      as: 'coordinator',
      payload: { phaseId: uuid(4100), riskComment: '' },
    },
    'digest/get': { place: 'panel', as: 'coordinator', payload: {} },
    'digest/update': {
      place: 'panel',
      as: 'coordinator',
      payload: { enabled: true, weekday: 1, sponsorAccountIds: [], version: 0 },
    },
    'digest/subscribe': { place: 'panel', as: 'head-sales', payload: { subscribed: true } },
    'rolloutPanel/setHeadCount': {
      place: 'panel',
      as: 'coordinator',
      payload: { departmentId: demoDepartment('Sales'), headCount: 12 },
    },
    'problems/form': { place: 'panel', as: 'employee', payload: {} },
    'problems/raise': {
      place: 'panel',
      as: 'employee',
      payload: {
        requestId: uuid(5001),
        issueKey: 'ROLL-1',
        category: 'technical',
        severity: 'low',
        departmentId: demoDepartment('Sales'),
        phaseId: '',
        summary: 'The CRM login fails',
        description: 'Nobody in Sales can log in.',
      },
    },
    'problems/list': { place: 'panel', as: 'coordinator', payload: {} },
    'problems/acknowledge': {
      place: 'panel',
      as: 'coordinator',
      payload: { problemId: uuid(5002), version: 1 },
    },
    'problems/assign': {
      place: 'panel',
      as: 'coordinator',
      payload: { problemId: uuid(5002), version: 1, ownerAccountId: head },
    },
    'problems/resolve': {
      place: 'panel',
      as: 'coordinator',
      payload: { problemId: uuid(5002), version: 1, comment: 'Fixed.', fixLink: '' },
    },
    'problems/accept': {
      place: 'panel',
      as: 'coordinator',
      payload: { problemId: uuid(5002), version: 1, comment: 'We live with it.' },
    },
    'attendance/record': {
      place: 'panel',
      as: 'coordinator',
      payload: { sessionId: uuid(5100), attendeeAccountIds: [head], version: 0 },
    },
    'attendance/confirm': { place: 'panel', as: 'employee', payload: { sessionId: uuid(5100) } },
    'suggestions/list': { place: 'panel', as: 'coordinator', payload: {} },
    'suggestions/accept': {
      place: 'panel',
      as: 'coordinator',
      payload: { suggestionId: `add-session:${uuid(5200)}:${uuid(5201)}:2030-W11` },
    },
    'suggestions/dismiss': {
      place: 'panel',
      as: 'coordinator',
      payload: {
        suggestionId: `meet-head:${uuid(5200)}:${uuid(5201)}:2030-W11`,
        reason: 'Not now.',
      },
    },
    'gadget/load': { place: 'gadget', as: 'coordinator', payload: { rolloutIds: [uuid(5200)] } },
    'gadget/options': { place: 'gadget', as: 'coordinator', payload: {} },
    'pulses/load': { place: 'panel', as: 'coordinator', payload: {} },
    'pulses/open': {
      place: 'panel',
      as: 'coordinator',
      payload: {
        requestId: uuid(6000),
        from: '2030-01-01',
        to: '2030-01-31',
        departmentIds: [demoDepartment('Sales')],
      },
    },
    'pulses/close': {
      place: 'panel',
      as: 'coordinator',
      payload: { pulseId: uuid(6000), version: 1 },
    },
    'pulses/checkIn': {
      place: 'panel',
      as: 'head-sales',
      payload: {
        requestId: uuid(6001),
        departmentId: demoDepartment('Sales'),
        rating: 3,
        note: '',
      },
    },
    'pulses/comments': {
      place: 'panel',
      as: 'coordinator',
      payload: { pulseId: uuid(6000), departmentId: demoDepartment('Sales') },
    },
    'pulses/form': { place: 'macro', as: 'employee', payload: {} },
    'pulses/answer': {
      place: 'macro',
      as: 'employee',
      payload: {
        pulseId: uuid(6000),
        departmentId: demoDepartment('Sales'),
        role: 'employee',
        scores: { awareness: 4, desire: 4, knowledge: 2, ability: 3, reinforcement: 4 },
        comment: '',
      },
    },
    'policy/byline': { place: 'macro', as: 'employee', payload: {} },
    'policy/name': { place: 'macro', as: 'coordinator', payload: { rolloutId: uuid(6100) } },
    'policy/revise': { place: 'macro', as: 'coordinator', payload: { rolloutId: uuid(6100) } },
    'policy/acknowledge': {
      place: 'macro',
      as: 'employee',
      payload: { rolloutId: uuid(6100), pageId: '1' },
    },
    'policy/mine': { place: 'admin', as: 'employee', payload: {} },
  };
});

afterAll(async () => {
  await host.close();
});

let errors: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe.each(FUNCTION_KEYS)('%s', (key) => {
  it('answers VALIDATION for every hostile id, and never INTERNAL for a well-formed unknown one', async () => {
    const sample = samples[key];
    const paths = idPaths(sample.payload);
    if (paths.length === 0) {
      // No id expected: one given is refused by the strict schema, whatever it holds.
      for (const hostile of HOSTILE) {
        const answer = await call(sample, key, { ...sample.payload, id: hostile });
        expect({ key, hostile, code: answer.error?.code }).toEqual({
          key,
          hostile,
          code: 'VALIDATION',
        });
      }
    }
    for (const path of paths) {
      const where = path.join('.');
      const leafKey = String(path[path.length - 1]);
      for (const hostile of HOSTILE) {
        if (NONE_ALLOWED.has(leafKey) && (hostile === '' || hostile === null)) continue;
        const answer = await call(sample, key, replaced(sample.payload, path, hostile));
        expect({ where, hostile, ok: answer.ok, code: answer.error?.code }).toEqual({
          where,
          hostile,
          ok: false,
          code: 'VALIDATION',
        });
      }
      for (const odd of ODD) {
        const answer = await call(sample, key, replaced(sample.payload, path, odd));
        expect({ where, odd, code: answer.error?.code }).not.toEqual({
          where,
          odd,
          code: 'INTERNAL',
        });
      }
      const current = String(
        path.reduce<unknown>(
          (node, part) => (node as Record<string, unknown>)[String(part)],
          sample.payload,
        ),
      );
      const answer = await call(
        sample,
        key,
        replaced(sample.payload, path, unknownFor(leafKey, current)),
      );
      expect({ where, code: answer.error?.code }).not.toEqual({ where, code: 'INTERNAL' });
    }
    expect(errors).not.toHaveBeenCalled();
  });
});
