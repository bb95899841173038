/**
 * Typed Jira REST client over `@forge/api`. Calls that read on behalf of the user go through
 * `asUser()` so Jira applies that user's permissions; directory look-ups that every viewer may
 * see go through `asApp()`. One module per area: users, issues, projects, search.
 */
import { jiraIssues } from './issues';
import type { JiraPort } from './port';
import { jiraProjects } from './projects';
import { jiraRequests, type JiraClientOptions } from './requests';
import { jiraSearch } from './search';
import { jiraUsers } from './users';
import { jiraWorkflow } from './workflow';
import { jiraWork } from './work';

export * from './port';
export type { JiraClientOptions } from './requests';

export function createJiraClient(options: JiraClientOptions): JiraPort {
  const requests = jiraRequests(options);
  return {
    ...jiraUsers(requests),
    ...jiraIssues(requests),
    ...jiraProjects(requests),
    ...jiraSearch(requests),
    ...jiraWorkflow(requests),
    ...jiraWork(requests),
  };
}
