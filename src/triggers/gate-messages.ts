/**
 * What the approval gate tells someone whose transition it blocks, in their language (the
 * locale files' `gate` messages). Jira shows the text as it is, so it names departments and
 * people.
 */
import type { GateBlock, NamedDepartment } from '../app/gate';
import { message, type Language } from '../i18n';

/** Beyond this many departments the message says "and N more": Jira shows it in one flag. */
const NAMED_MAX = 10;

function list(language: Language, named: readonly NamedDepartment[]): string {
  const shown = named
    .slice(0, NAMED_MAX)
    .map((entry) =>
      entry.person
        ? message(language, 'gate.named', { department: entry.department, person: entry.person })
        : entry.department,
    );
  const more = named.length - shown.length;
  if (more > 0) shown.push(message(language, 'gate.more', { count: more }));
  return shown.join(', ');
}

export function gateMessage(language: Language, block: GateBlock): string {
  switch (block.kind) {
    case 'waiting': {
      const departments = list(language, block.pending);
      return block.stageCount > 1
        ? message(language, 'gate.waitingStage', {
            departments,
            stage: block.stage,
            stageCount: block.stageCount,
          })
        : message(language, 'gate.waiting', { departments });
    }
    case 'draft':
      return message(language, 'gate.draft', { title: block.title });
    case 'changes-requested':
      return message(language, 'gate.changesRequested', {
        title: block.title,
        departments: list(language, block.by),
      });
    case 'rejected':
      return message(language, 'gate.rejected', {
        title: block.title,
        departments: list(language, block.by),
      });
    case 'unavailable':
      return message(language, 'gate.unavailable');
  }
}
