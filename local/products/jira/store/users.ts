/** The site's users and groups: profiles, user search, group membership. */
import { randomUUID } from 'node:crypto';
import { JiraArea } from './sql';
import type { AccountType, EmailVisibility, JiraGroup, JiraUser, NewJiraUser } from './types';

interface UserRow {
  account_id: string;
  account_type: AccountType;
  display_name: string;
  email_address: string | null;
  email_visibility: EmailVisibility;
  locale: string;
  time_zone: string;
  active: number;
}

/**
 * Folds text for Jira-like user search: case- and accent-insensitive ("Élodie" ~ "elodie"),
 * ligatures spelt out ("Œ" ~ "oe").
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

/**
 * The words a user is found by: each word of the display name, the whole email address and each
 * part of its local part (`elodie.lefevre@…` is found by "lefe"), stored space-delimited so that
 * a prefix match is one indexed-free `LIKE '% word%'` per query word.
 */
function searchWords(displayName: string, emailAddress: string | undefined): string {
  const words = new Set(foldForSearch(displayName).split(/[^\p{L}\p{N}]+/u));
  if (emailAddress) {
    const email = foldForSearch(emailAddress);
    words.add(email);
    for (const part of (email.split('@')[0] ?? '').split(/[._+-]+/)) words.add(part);
  }
  words.delete('');
  return ` ${[...words].join(' ')} `;
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function toUser(row: UserRow): JiraUser {
  return {
    accountId: row.account_id,
    accountType: row.account_type,
    displayName: row.display_name,
    emailAddress: row.email_address ?? undefined,
    emailVisibility: row.email_visibility,
    locale: row.locale,
    timeZone: row.time_zone,
    active: row.active === 1,
  };
}

export class UserStore extends JiraArea {
  /** Creates or replaces a user (same account id: the profile is updated). */
  upsertUser(user: NewJiraUser): JiraUser {
    const record: JiraUser = {
      accountId: user.accountId,
      accountType: user.accountType ?? 'atlassian',
      displayName: user.displayName,
      emailAddress: user.emailAddress,
      emailVisibility: user.emailVisibility ?? 'anyone',
      locale: user.locale ?? 'en-US',
      timeZone: user.timeZone ?? 'UTC',
      active: user.active ?? true,
    };
    this.sql(
      `INSERT INTO jira_users (account_id, account_type, display_name, email_address,
           email_visibility, locale, time_zone, active, sort_name, search_words)
         VALUES (@accountId, @accountType, @displayName, @emailAddress, @emailVisibility, @locale,
           @timeZone, @active, @sortName, @searchWords)
         ON CONFLICT (account_id) DO UPDATE SET account_type = excluded.account_type,
           display_name = excluded.display_name, email_address = excluded.email_address,
           email_visibility = excluded.email_visibility, locale = excluded.locale,
           time_zone = excluded.time_zone, active = excluded.active,
           sort_name = excluded.sort_name, search_words = excluded.search_words`,
    ).run({
      ...record,
      emailAddress: record.emailAddress ?? null,
      active: record.active ? 1 : 0,
      sortName: foldForSearch(record.displayName),
      searchWords: searchWords(record.displayName, record.emailAddress),
    });
    return record;
  }

  getUser(accountId: string): JiraUser | undefined {
    const row = this.sql<[string], UserRow>('SELECT * FROM jira_users WHERE account_id = ?').get(
      accountId,
    );
    return row ? toUser(row) : undefined;
  }

  /** The known users among `accountIds`, in the order asked, each once. */
  getUsers(accountIds: readonly string[]): JiraUser[] {
    const statement = this.sql<[string], UserRow>('SELECT * FROM jira_users WHERE account_id = ?');
    const users: JiraUser[] = [];
    for (const accountId of new Set(accountIds)) {
      const row = statement.get(accountId);
      if (row) users.push(toUser(row));
    }
    return users;
  }

  /** All users, by display name. */
  listUsers(): JiraUser[] {
    return this.sql<[], UserRow>('SELECT * FROM jira_users ORDER BY sort_name, account_id')
      .all()
      .map(toUser);
  }

  /**
   * Users whose display name or email has a word starting with each word of `query`
   * (case- and accent-insensitive), by display name; `total` counts every match.
   */
  searchUsers(
    query: string,
    options: { startAt: number; maxResults: number; activeOnly: boolean },
  ): { users: JiraUser[]; total: number } {
    const words = foldForSearch(query)
      .split(/\s+/)
      .filter((word) => word !== '');
    const conditions = words.map(() => "search_words LIKE ? ESCAPE '\\'");
    if (options.activeOnly) conditions.push('active = 1');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const params = words.map((word) => `% ${likeEscape(word)}%`);
    const total =
      this.sql<string[], { n: number }>(`SELECT COUNT(*) AS n FROM jira_users ${where}`).get(
        ...params,
      )?.n ?? 0;
    const users = this.sql<(string | number)[], UserRow>(
      `SELECT * FROM jira_users ${where} ORDER BY sort_name, account_id LIMIT ? OFFSET ?`,
    )
      .all(...params, options.maxResults, options.startAt)
      .map(toUser);
    return { users, total };
  }

  /** Finds or creates a group by name. */
  ensureGroup(name: string): JiraGroup {
    const existing = this.getGroup(name);
    if (existing) return existing;
    const group: JiraGroup = { groupId: randomUUID(), name };
    this.sql('INSERT INTO jira_groups (group_id, name) VALUES (@groupId, @name)').run(group);
    return group;
  }

  getGroup(name: string): JiraGroup | undefined {
    const row = this.sql<[string], { group_id: string; name: string }>(
      'SELECT group_id, name FROM jira_groups WHERE name = ?',
    ).get(name);
    return row ? { groupId: row.group_id, name: row.name } : undefined;
  }

  addGroupMember(groupName: string, accountId: string): void {
    const group = this.ensureGroup(groupName);
    this.sql('INSERT OR IGNORE INTO jira_group_members (group_id, account_id) VALUES (?, ?)').run(
      group.groupId,
      accountId,
    );
  }

  removeGroupMember(groupName: string, accountId: string): void {
    this.sql(
      `DELETE FROM jira_group_members
          WHERE account_id = ? AND group_id = (SELECT group_id FROM jira_groups WHERE name = ?)`,
    ).run(accountId, groupName);
  }

  groupsOf(accountId: string): JiraGroup[] {
    return this.sql<[string], { group_id: string; name: string }>(
      `SELECT g.group_id, g.name FROM jira_groups g
           JOIN jira_group_members m ON m.group_id = g.group_id
          WHERE m.account_id = ? ORDER BY g.name`,
    )
      .all(accountId)
      .map((row) => ({ groupId: row.group_id, name: row.name }));
  }

  /** A group by its id. */
  getGroupById(groupId: string): JiraGroup | undefined {
    const row = this.sql<[string], { group_id: string; name: string }>(
      'SELECT group_id, name FROM jira_groups WHERE group_id = ?',
    ).get(groupId);
    return row ? { groupId: row.group_id, name: row.name } : undefined;
  }

  /** Every group, by name (the group picker filters them). */
  listGroups(): JiraGroup[] {
    return this.sql<[], { group_id: string; name: string }>(
      'SELECT group_id, name FROM jira_groups ORDER BY name',
    )
      .all()
      .map((row) => ({ groupId: row.group_id, name: row.name }));
  }

  /** Whether a group exists, by name or id. */
  hasGroup(nameOrId: string): boolean {
    return (
      (this.sql<[string, string], { n: number }>(
        'SELECT COUNT(*) AS n FROM jira_groups WHERE name = ? OR group_id = ?',
      ).get(nameOrId, nameOrId)?.n ?? 0) > 0
    );
  }

  /** Members of a group, by name or id (inactive ones included: the caller filters). */
  groupMembers(nameOrId: string): string[] {
    return this.sql<[string, string], { account_id: string }>(
      `SELECT m.account_id FROM jira_group_members m
           JOIN jira_groups g ON g.group_id = m.group_id
          WHERE g.name = ? OR g.group_id = ? ORDER BY m.account_id`,
    )
      .all(nameOrId, nameOrId)
      .map((row) => row.account_id);
  }
}
