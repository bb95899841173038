/**
 * The demo company, seeded on first start: the Jira side (people, project ROLL, issue ROLL-1)
 * straight into the emulator, and the app's own data through the app's resolvers as the admin
 * would enter it, so seeded data obeys the same rules as typed-in data; and, for `npm start`, a
 * rollout in progress made through the app's resolvers as the personas would (./rollout.ts).
 */
import type { LocalHost } from '../host';
import { seedConfluence } from './confluence';
import { DEMO_DEPARTMENTS } from './departments';
import { PERSONAS, seedJira } from './jira';
import { seedRolloutInProgress } from './rollout';

export { DEMO_DEPARTMENTS } from './departments';

export const ADMIN_MODULE = 'rollout-admin';

export interface SeedOptions {
  /** Also seed the rollout in progress (local/seed/rollout.ts). */
  rolloutInProgress?: boolean;
}

export async function seedDemoCompany(host: LocalHost, options: SeedOptions = {}): Promise<void> {
  seedJira(host.products.jira);
  seedConfluence(host.products.confluence, PERSONAS);
  for (const department of DEMO_DEPARTMENTS) {
    const head = host.persona(department.head);
    const delegate = department.delegate ? host.persona(department.delegate) : undefined;
    if (!head) throw new Error(`Seed persona ${department.head} is missing`);
    const group = department.group
      ? host.products.jira.users.getGroup(department.group)
      : undefined;
    const outcome = await host.invoke({
      moduleKey: ADMIN_MODULE,
      functionKey: 'directory/create',
      as: 'admin',
      payload: {
        requestId: department.requestId,
        name: department.name,
        headAccountId: head.accountId,
        ...(delegate ? { delegateAccountId: delegate.accountId } : {}),
        ...(group ? { groupId: group.groupId, groupName: group.name } : {}),
      },
    });
    const body = outcome.body as { ok?: boolean; error?: { message?: string } } | undefined;
    if (body?.ok !== true) {
      throw new Error(`Seeding ${department.name} failed: ${body?.error?.message ?? 'no answer'}`);
    }
  }
  if (options.rolloutInProgress === true) await seedRolloutInProgress(host);
}
