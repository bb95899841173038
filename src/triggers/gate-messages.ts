/**
 * What the approval gate tells someone whose transition it blocks, in their language (French for
 * fr-*, English otherwise). Jira shows the text as it is, so it names departments and people.
 */
import type { GateBlock, NamedDepartment } from '../app/gate';
import type { MailLanguage } from '../notifications/common';

/** Beyond this many departments the message says "and N more": Jira shows it in one flag. */
const NAMED_MAX = 10;

function list(language: MailLanguage, named: readonly NamedDepartment[]): string {
  const shown = named
    .slice(0, NAMED_MAX)
    .map((entry) => (entry.person ? `${entry.department} (${entry.person})` : entry.department));
  const more = named.length - shown.length;
  if (more > 0) shown.push(language === 'fr' ? `et ${more} autres` : `and ${more} more`);
  return shown.join(', ');
}

export function gateMessage(language: MailLanguage, block: GateBlock): string {
  const fr = language === 'fr';
  switch (block.kind) {
    case 'waiting': {
      const stage =
        block.stageCount > 1
          ? fr
            ? ` (étape ${block.stage} sur ${block.stageCount})`
            : ` (stage ${block.stage} of ${block.stageCount})`
          : '';
      return fr
        ? `En attente de l’approbation de ${list(language, block.pending)}${stage}`
        : `Waiting for approval from ${list(language, block.pending)}${stage}`;
    }
    case 'draft':
      return fr
        ? `Le déploiement « ${block.title} » n’a pas encore été soumis à approbation : demandez l’approbation dans le panneau Approbations.`
        : `The rollout "${block.title}" has not been sent for approval yet: request approval in the Approvals panel first.`;
    case 'changes-requested':
      return fr
        ? `Des modifications ont été demandées sur le déploiement « ${block.title} » par ${list(language, block.by)} : mettez le plan à jour et redemandez l’approbation.`
        : `Changes were requested on the rollout "${block.title}" by ${list(language, block.by)}: update the plan and request approval again.`;
    case 'rejected':
      return fr
        ? `Le déploiement « ${block.title} » a été refusé par ${list(language, block.by)}.`
        : `The rollout "${block.title}" was rejected by ${list(language, block.by)}.`;
    case 'unavailable':
      return fr
        ? 'Les approbations de ce déploiement n’ont pas pu être vérifiées : la transition est bloquée. Réessayez dans un instant.'
        : "The rollout's approvals could not be checked, so the transition is blocked. Try again in a moment.";
  }
}
