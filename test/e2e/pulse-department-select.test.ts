/**
 * The pulse form's department as Atlaskit's select, in Chromium on the local host: a pulse asks
 * eight departments, seven of them without a Jira group; the demo employee, in French, is in the
 * group of none of the asked ones (theirs, Finance, is not asked), so the form asks them to pick
 * among the seven. Past six that is a select, not radio buttons: it has the field's name, lists the
 * seven ungrouped departments (not Sales, which has a group), says at the field when the answer is
 * sent without a department, and is picked from by the keyboard alone. The answer counts for the
 * department picked: with four answers already in, it is that department's fifth, and its figures
 * show on the coordinator's Rollout panel.
 */
import type { StrategyDetail } from '../../src/contract';
import type { AdkarScores } from '../../src/domain/readiness';
import { accountIdOf, adminPage, call, ok, type From } from '../support/host';
import { checkScores, chooseByKeyboard, feedbackRow, openRolloutPanel } from '../support/browser';
import { browserSession } from './support/session';
import { addPeople, day, demoDepartment, issueExtension, uuid } from '../support/rollouts';
import {
  confluenceModule,
  macroExtension,
  placePulseMacro,
  pushPlan,
  strategyPayload,
} from '../support/strategy';

/** Departments the directory gets for this rollout, none linked to a Jira group. */
const ADDED = ['Logistique', 'Ressources humaines', 'Juridique', 'Marketing', 'Achats'] as const;
/** Where the answer goes: the directory's name, as the form lists it. */
const PICKED = 'Logistique';
const LEGEND = 'Pour quel service répondez-vous ?';
const SCORES: AdkarScores = {
  awareness: 4,
  desire: 5,
  knowledge: 3,
  ability: 3,
  reinforcement: 4,
};

let detail: StrategyDetail;
/** Department ids by name: the demo's four and the added five. */
const ids = new Map<string, string>();

const e2e = browserSession({
  viewport: { width: 1100, height: 1600 },
  actionTimeout: 10_000,
  setUp: async (host) => {
    for (const name of ['Sales', 'Customer Support', 'Finance', 'Operations']) {
      ids.set(name, demoDepartment(name));
    }
    // The admin adds them to the directory as the admin page does, without a Jira group.
    for (const [i, name] of ADDED.entries()) {
      const added = await ok(
        call(adminPage(host), 'admin', 'directory/create', {
          requestId: uuid(9100 + i),
          name,
          headAccountId: accountIdOf(host, 'head-operations'),
        }),
      );
      ids.set(name, added.id);
    }
    const payload = strategyPayload({ phases: 1, sessions: 2, start: day(-10) });
    detail = await ok(
      call(confluenceModule(host), 'coordinator', 'strategy/create', {
        ...payload,
        departments: [
          ...payload.departments,
          ...ADDED.map((name) => ({ departmentId: ids.get(name) ?? '', stage: 1 })),
        ],
      }),
    );
    await pushPlan(host, detail.rollout.id);
  },
  setUpTimeout: 60_000,
});

function pageId(): string {
  return detail.page?.id ?? '';
}

function idOf(name: string): string {
  const id = ids.get(name);
  if (id === undefined) throw new Error(`No department ${name}`);
  return id;
}

function anchorPanel(): From {
  return {
    host: e2e.host,
    moduleKey: 'rollout-panel',
    extension: issueExtension(e2e.host, detail.rollout.issue.key),
  };
}

it('lets a person in no asked group pick their department from a select, in French', async () => {
  // Sales has a Jira group; the seven others have none. Finance, the employee's group, is not asked.
  const asked = ['Sales', 'Customer Support', 'Operations', ...ADDED];
  const ungrouped = asked.filter((name) => name !== 'Sales');
  const opened = await ok(
    call(anchorPanel(), 'coordinator', 'pulses/open', {
      requestId: uuid(9200),
      from: day(-1),
      to: day(6),
      departmentIds: asked.map(idOf),
    }),
  );
  const pulseId = opened.pulses[0]?.id ?? '';
  await placePulseMacro(e2e.host, pageId());

  // Four people in no department's group answer for Logistique first: the employee's is its fifth.
  const macro: From = {
    host: e2e.host,
    moduleKey: 'rollout-pulse',
    extension: macroExtension(e2e.host, pageId()),
  };
  for (const person of addPeople(e2e.host, 4, 'rc-pulse-select')) {
    await ok(
      call(macro, person, 'pulses/answer', {
        pulseId,
        departmentId: idOf(PICKED),
        role: 'employee',
        scores: SCORES,
        comment: '',
      }),
    );
  }

  await e2e.page.goto(`${e2e.url}/confluence/page/${pageId()}?as=employee&locale=fr-FR`);
  const form = e2e.page
    .locator('[data-macro-key="rollout-pulse"] iframe.host-macro-frame')
    .contentFrame();
  await form.getByRole('heading', { name: 'Êtes-vous prêt pour New CRM ?' }).waitFor();

  // A select with the question as its name, nothing chosen; no radio button for any department.
  const department = form.getByRole('combobox', { name: LEGEND, exact: true });
  await department.waitFor();
  await expect(form.getByLabel(LEGEND, { exact: true }).count()).resolves.toBe(1);
  await form.getByText('Choisissez votre service', { exact: true }).waitFor();
  await expect(form.getByRole('group', { name: LEGEND }).count()).resolves.toBe(0);
  await expect(form.locator('input[name="pulse-department"]').count()).resolves.toBe(0);
  for (const name of asked) {
    await expect(form.getByRole('radio', { name, exact: true }).count()).resolves.toBe(0);
  }

  // Its list, opened from the keyboard: the seven departments without a group, Sales not among them.
  await department.focus();
  await department.press('ArrowDown');
  const options = form.getByRole('option');
  await options.first().waitFor();
  expect((await options.allTextContents()).sort()).toEqual([...ungrouped].sort());
  await department.press('Escape');
  await options.first().waitFor({ state: 'detached' });

  await form.getByRole('radio', { name: 'Collaborateur' }).check();
  await checkScores(
    form,
    {
      awareness: 'Conscience',
      desire: 'Désir',
      knowledge: 'Connaissance',
      ability: 'Capacité',
      reinforcement: 'Renforcement',
    },
    SCORES,
  );
  // Sent without a department, the form says so at the select, which is then invalid.
  const send = form.getByRole('button', { name: 'Envoyer ma réponse' });
  await send.click();
  const missing = form.getByText('Choisissez le service pour lequel vous répondez.');
  await missing.waitFor();
  await expect(department.getAttribute('aria-invalid')).resolves.toBe('true');
  const describedBy = (await department.getAttribute('aria-describedby')) ?? '';
  expect(describedBy.split(' ')).toEqual(
    expect.arrayContaining(['pulse-department-source', 'pulse-department-missing']),
  );

  // Picked by keyboard alone (type, Enter), the error goes.
  await chooseByKeyboard(department, PICKED);
  await expect(missing.count()).resolves.toBe(0);
  await expect(department.getAttribute('aria-invalid')).resolves.toBe('false');
  await send.click();
  await form.getByText('Merci : votre réponse est enregistrée.').waitFor();

  // It counted for Logistique: its fifth answer, so its figures now show to the coordinator.
  const feedback = await ok(call(anchorPanel(), 'coordinator', 'pulses/load', {}));
  const pulse = feedback.pulses.find((p) => p.id === pulseId);
  expect(pulse?.answers).toBe(5);
  const counted = pulse?.byDepartment.find((d) => d.departmentId === idOf(PICKED));
  expect(counted).toMatchObject({ shown: true, answers: 5 });
  expect(
    pulse?.byDepartment.filter((d) => d.departmentId !== idOf(PICKED)).map((d) => d.answers),
  ).toEqual(asked.filter((name) => name !== PICKED).map(() => 0));

  const panel = await openRolloutPanel(e2e.page, e2e.url, detail.rollout.issue.key, 'coordinator');
  await panel.getByText('5 answers so far').waitFor();
  const row = feedbackRow(panel, PICKED);
  await row.getByRole('cell').first().getByText('5', { exact: true }).waitFor();
  await expect(row.getByText('Hidden', { exact: true }).count()).resolves.toBe(0);
}, 120_000);
