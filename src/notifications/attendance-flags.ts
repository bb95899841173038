/** "Sessions need attention": to the coordinator and the sessions' owners, from the daily job. */
import type { NotifyMessage } from '../atlassian/jira';
import type { AttendanceFlag } from '../domain/attendance';
import { message, type Language } from '../i18n';
import { formatDay, mailBodies } from './common';

export interface AttendanceFlagFacts {
  rolloutTitle: string;
  issueKey: string;
  sessions: {
    title: string;
    date: string;
    flag: AttendanceFlag;
    count: number;
    capacity: number;
  }[];
}

export function attendanceFlagMail(language: Language, facts: AttendanceFlagFacts): NotifyMessage {
  const say = (key: string, params?: Record<string, string | number>) =>
    message(language, `mail.attendanceFlag.${key}`, params);
  return {
    subject: say('subject', { title: facts.rolloutTitle }),
    ...mailBodies([
      { text: say('intro', { title: facts.rolloutTitle, count: facts.sessions.length }) },
      ...facts.sessions.map((session) => ({
        text: say(session.flag === 'over-capacity' ? 'overCapacity' : 'notRecorded', {
          session: session.title,
          date: formatDay(session.date, language),
          count: session.count,
          capacity: session.capacity,
        }),
      })),
      { text: say('open', { issueKey: facts.issueKey }) },
    ]),
  };
}
