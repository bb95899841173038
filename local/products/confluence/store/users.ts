/** The people who use the site, and who among them administers Confluence. */
import { ConfluenceArea } from './sql';
import type { ConfluenceUser } from './types';

interface UserRow {
  account_id: string;
  account_type: 'atlassian' | 'app';
  display_name: string;
  email: string | null;
  time_zone: string;
  locale: string;
}

function toUser(row: UserRow): ConfluenceUser {
  return {
    accountId: row.account_id,
    accountType: row.account_type,
    displayName: row.display_name,
    email: row.email ?? undefined,
    timeZone: row.time_zone,
    locale: row.locale,
  };
}

export class UserStore extends ConfluenceArea {
  upsertUser(user: ConfluenceUser): void {
    this.sql(
      `INSERT INTO confluence_users (account_id, account_type, display_name, email, time_zone, locale)
         VALUES (@accountId, @accountType, @displayName, @email, @timeZone, @locale)
         ON CONFLICT (account_id) DO UPDATE SET account_type = excluded.account_type,
           display_name = excluded.display_name, email = excluded.email,
           time_zone = excluded.time_zone, locale = excluded.locale`,
    ).run({ ...user, email: user.email ?? null });
  }

  getUser(accountId: string): ConfluenceUser | undefined {
    const row = this.sql<[string], UserRow>(
      'SELECT * FROM confluence_users WHERE account_id = ?',
    ).get(accountId);
    return row ? toUser(row) : undefined;
  }

  /** Makes (or stops making) a user a Confluence administrator (the global admin permission). */
  setConfluenceAdmin(accountId: string, admin: boolean): void {
    if (admin) {
      this.sql('INSERT OR IGNORE INTO confluence_global_admins (account_id) VALUES (?)').run(
        accountId,
      );
    } else {
      this.sql('DELETE FROM confluence_global_admins WHERE account_id = ?').run(accountId);
    }
  }

  isConfluenceAdmin(accountId: string): boolean {
    return (
      this.sql<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM confluence_global_admins WHERE account_id = ?',
      ).get(accountId)?.n === 1
    );
  }
}
