/** The outbox of `POST /issue/{id}/notify`: e-mails Jira was asked to send, kept, not mailed. */
import { parseStoredJson, stringArray } from '../../json';
import { JiraArea } from './sql';
import type { JiraIssue, SentNotification } from './types';

export class NotificationStore extends JiraArea {
  recordNotification(
    issue: Pick<JiraIssue, 'id' | 'key'>,
    mail: { subject: string; textBody: string; htmlBody: string },
    to: readonly string[],
    sentBy: string,
    at: Date = new Date(),
  ): void {
    this.sql(
      `INSERT INTO jira_notifications (issue_id, issue_key, subject, text_body, html_body,
           recipients, sent_by, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      issue.id,
      issue.key,
      mail.subject,
      mail.textBody,
      mail.htmlBody,
      JSON.stringify(to),
      sentBy,
      at.toISOString(),
    );
  }

  /** Every e-mail Jira was asked to send, oldest first. */
  listNotifications(): SentNotification[] {
    return this.sql<
      [],
      {
        issue_key: string;
        subject: string;
        text_body: string;
        html_body: string;
        recipients: string;
        sent_by: string;
        at: string;
      }
    >('SELECT * FROM jira_notifications ORDER BY notification_id')
      .all()
      .map((row) => ({
        issueKey: row.issue_key,
        subject: row.subject,
        textBody: row.text_body,
        htmlBody: row.html_body,
        to: stringArray(parseStoredJson(row.recipients)),
        sentBy: row.sent_by,
        at: row.at,
      }));
  }

  clearNotifications(): void {
    this.sql('DELETE FROM jira_notifications').run();
  }
}
