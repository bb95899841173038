/**
 * The demo company, seeded on first start: the Jira side (people, project ROLL, issue ROLL-1)
 * straight into the emulator, and the app's own data through the app's resolvers as the admin
 * would enter it, so seeded data obeys the same rules as typed-in data.
 */
import type { LocalHost } from '../host';
import { seedConfluence } from './confluence';
import { PERSONAS, seedJira } from './jira';

/** Fixed request ids: seeding twice can never add a department twice. */
export const DEMO_DEPARTMENTS = [
  {
    requestId: '6f1c2a4e-0b1d-4c51-9a43-5a0c3c9e1001',
    name: 'Sales',
    head: 'head-sales',
    delegate: undefined,
  },
  {
    requestId: '6f1c2a4e-0b1d-4c51-9a43-5a0c3c9e1002',
    name: 'Customer Support',
    head: 'head-support',
    delegate: undefined,
  },
  {
    requestId: '6f1c2a4e-0b1d-4c51-9a43-5a0c3c9e1003',
    name: 'Finance',
    head: 'head-finance',
    delegate: 'employee',
  },
  {
    requestId: '6f1c2a4e-0b1d-4c51-9a43-5a0c3c9e1004',
    name: 'Operations',
    head: 'head-operations',
    delegate: undefined,
  },
] as const;

export const ADMIN_MODULE = 'rollout-admin';

export async function seedDemoCompany(host: LocalHost): Promise<void> {
  seedJira(host.products.jira);
  seedConfluence(host.products.confluence, PERSONAS);
  for (const department of DEMO_DEPARTMENTS) {
    const head = host.persona(department.head);
    const delegate = department.delegate ? host.persona(department.delegate) : undefined;
    if (!head) throw new Error(`Seed persona ${department.head} is missing`);
    const outcome = await host.invoke({
      moduleKey: ADMIN_MODULE,
      functionKey: 'directory/create',
      as: 'admin',
      payload: {
        requestId: department.requestId,
        name: department.name,
        headAccountId: head.accountId,
        ...(delegate ? { delegateAccountId: delegate.accountId } : {}),
      },
    });
    const body = outcome.body as { ok?: boolean; error?: { message?: string } } | undefined;
    if (body?.ok !== true) {
      throw new Error(`Seeding ${department.name} failed: ${body?.error?.message ?? 'no answer'}`);
    }
  }
}
