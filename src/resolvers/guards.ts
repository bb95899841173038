import { AppFailure, appError } from '../contract';
import type { Ports } from './ports';

/** Only Jira administrators may change organisation-wide settings; Jira decides who they are. */
export async function requireJiraAdmin(ports: Ports): Promise<void> {
  if (!(await ports.jira.isAdmin())) {
    throw new AppFailure(
      appError(
        'FORBIDDEN',
        'errors.directory.adminOnly',
        'Only Jira administrators can change the department directory.',
      ),
    );
  }
}
