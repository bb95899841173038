/**
 * The demo company's departments, as the admin enters them in the directory (with the Jira group
 * of their people where the company has one). Fixed request ids: seeding twice can never add a
 * department twice.
 */
export const DEMO_DEPARTMENTS = [
  {
    requestId: '6f1c2a4e-0b1d-4c51-9a43-5a0c3c9e1001',
    name: 'Sales',
    head: 'head-sales',
    delegate: undefined,
    group: 'sales-team',
  },
  {
    requestId: '6f1c2a4e-0b1d-4c51-9a43-5a0c3c9e1002',
    name: 'Customer Support',
    head: 'head-support',
    delegate: undefined,
    group: undefined,
  },
  {
    requestId: '6f1c2a4e-0b1d-4c51-9a43-5a0c3c9e1003',
    name: 'Finance',
    head: 'head-finance',
    delegate: 'delegate-finance',
    group: 'finance-team',
  },
  {
    requestId: '6f1c2a4e-0b1d-4c51-9a43-5a0c3c9e1004',
    name: 'Operations',
    head: 'head-operations',
    delegate: undefined,
    group: undefined,
  },
] as const;
