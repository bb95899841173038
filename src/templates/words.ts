/**
 * The "Rollout strategy" page's words in English and French: headings, table columns, and the
 * practical guidance a coordinator adapts (starter risks, messages, feedback channels). Text
 * only; `strategy.ts` escapes and lays it out.
 */
import type { SessionKind } from '../domain/plan';

export type PageLanguage = 'en' | 'fr';

export interface StrategyWords {
  templateName: string;
  templateDescription: string;
  pageTitle: (title: string) => string;
  macroTitle: string;
  intro: string;
  introIssue: (issueKey: string) => string;
  headings: {
    objective: string;
    departments: string;
    phases: string;
    training: string;
    communication: string;
    support: string;
    risks: string;
    targets: string;
    feedback: string;
    status: string;
  };
  fromPlan: string;
  objective: { goLive: string; departments: string; jira: string; jiraPending: string };
  scopeGuidance: string[];
  departments: { department: string; head: string; stage: string; sessions: string };
  departmentsGuidance: string;
  phases: { phase: string; start: string; end: string; milestones: string; none: string };
  sessions: { date: string; session: string; format: string; department: string; audience: string };
  noTraining: string;
  trainingGuidance: string[];
  communication: { when: string; what: string; who: string; channel: string; channelTbd: string };
  noCommunication: string;
  communicationStarter: { heading: string; rows: [string, string, string, string][] };
  noSupport: string;
  champions: {
    heading: string;
    department: string;
    champion: string;
    contact: string;
    toName: string;
  };
  supportGuidance: string[];
  risks: { risk: string; likelihood: string; mitigation: string; owner: string };
  riskRows: [string, string, string, string][];
  targets: { adoption: string; readiness: string; by: string; goLive: string; notSet: string };
  targetsGuidance: string;
  feedback: string[];
  kinds: Record<SessionKind, string>;
  everyone: string;
  template: {
    objective: string;
    departments: string;
    phases: string;
    training: string;
    communication: string;
    support: string;
    risks: string;
    targets: string;
    feedback: string;
  };
}

export const WORDS: Record<PageLanguage, StrategyWords> = {
  en: {
    templateName: 'Rollout strategy',
    // At most 100 characters: Confluence refuses longer template descriptions on update.
    templateDescription:
      'Scope, departments, phases, training, communication, support, risks, targets, feedback.',
    pageTitle: (title) => `Rollout strategy: ${title}`,
    macroTitle: 'Rollout status',
    intro:
      'This page is the rollout strategy. The sections marked “from the plan” follow the plan kept in Rollout Coordinator: change the plan there and this page is updated. Everything else is yours to write.',
    introIssue: (issueKey) => `Approvals and Jira work are tracked on ${issueKey}.`,
    headings: {
      objective: '1. Objective and scope',
      departments: '2. Affected departments and their heads',
      phases: '3. Phases and milestones',
      training: '4. Training plan',
      communication: '5. Communication plan',
      support: '6. Support in the first weeks',
      risks: '7. Risks and expected resistance',
      targets: '8. Success targets',
      feedback: '9. How feedback will be collected',
      status: 'Live status',
    },
    fromPlan: 'From the plan.',
    objective: {
      goLive: 'Go-live',
      departments: 'Departments',
      jira: 'Jira issue',
      jiraPending: 'being created',
    },
    scopeGuidance: [
      'In scope: say which teams, processes and tools change, and what people will do differently from go-live.',
      'Out of scope: name what does not change, so that nobody plans for it.',
    ],
    departments: {
      department: 'Department',
      head: 'Head (approves)',
      stage: 'Approval stage',
      sessions: 'Sessions planned',
    },
    departmentsGuidance:
      'For each department, note what changes in its daily work and who is affected most: they need the earliest and most hands-on training.',
    phases: {
      phase: 'Phase',
      start: 'Start',
      end: 'End',
      milestones: 'Milestones and tasks',
      none: 'No tasks listed yet.',
    },
    sessions: {
      date: 'Date',
      session: 'Session',
      format: 'Format',
      department: 'Department',
      audience: 'Audience',
    },
    noTraining: 'No training session or seminar is planned yet.',
    trainingGuidance: [
      'Book rooms and trainers early, and send the material a week before each session.',
      'Plan a short catch-up session for those who miss theirs, and record one session for newcomers.',
    ],
    communication: {
      when: 'When',
      what: 'What',
      who: 'Who hears it',
      channel: 'Channel',
      channelTbd: 'E-mail, intranet or team meeting: to be decided',
    },
    noCommunication: 'No communication is planned yet.',
    communicationStarter: {
      heading: 'Usual messages (adapt or remove):',
      rows: [
        [
          'Four weeks before go-live',
          'Why we change, what it means for each team, the timeline',
          'Everyone affected, from the sponsor',
          'E-mail and town hall',
        ],
        [
          'Two weeks before go-live',
          'How to sign up for training; where to find help',
          'Each department, from its head',
          'Team meeting',
        ],
        [
          'Go-live day',
          'It is live: first steps, office hours, champions',
          'Everyone affected',
          'E-mail and intranet',
        ],
        [
          'Two weeks after go-live',
          'What we heard, what we fixed, what comes next',
          'Everyone affected',
          'Intranet',
        ],
      ],
    },
    noSupport: 'No office hours are planned yet.',
    champions: {
      heading:
        'Champions: one colleague per department who knows the new way of working early and helps others first.',
      department: 'Department',
      champion: 'Champion',
      contact: 'How to reach them',
      toName: 'to be named',
    },
    supportGuidance: [
      'Keep office hours daily in the first two weeks, then weekly while questions keep coming.',
      'Send every problem that office hours cannot solve to Jira, so it is tracked until it is fixed.',
    ],
    risks: {
      risk: 'Risk or resistance',
      likelihood: 'Likelihood',
      mitigation: 'Mitigation',
      owner: 'Owner',
    },
    riskRows: [
      [
        'People keep using the old way in parallel',
        'High',
        'Set a date when the old way stops; heads check usage in their teams weekly',
        'Department heads',
      ],
      [
        'Not enough time for training in busy periods',
        'Medium',
        'Short sessions, several dates, recorded sessions; avoid month-end for Finance',
        'Coordinator',
      ],
      [
        'Data or access problems on go-live day',
        'Medium',
        'Dry run with a pilot group; support on call on go-live day',
        'IT',
      ],
      [
        'Resistance: “the old way worked fine”',
        'Medium',
        'Explain why we change; show early wins from the pilot; champions answer questions',
        'Sponsor and champions',
      ],
    ],
    targets: {
      adoption: 'Adoption',
      readiness: 'Readiness (ADKAR, 1 to 5)',
      by: 'Reached by',
      goLive: 'Go-live',
      notSet: 'not set',
    },
    targetsGuidance:
      'Adoption is the share of the people affected who work the new way; readiness is the average ADKAR score (awareness, desire, knowledge, ability, reinforcement) from the pulse surveys.',
    feedback: [
      'A short pulse survey per department after each phase (ADKAR, 1 to 5, anonymous, shown from five answers).',
      'Supervisors report how their teams are doing every week during the first month.',
      'Questions and problems from office hours and champions are raised in Jira, so that none is lost.',
      'Say here who reads the feedback, when, and how the plan is adjusted when a department falls behind.',
    ],
    kinds: {
      training: 'Training',
      seminar: 'Seminar',
      'office-hours': 'Office hours',
      communication: 'Communication',
    },
    everyone: 'Everyone in the department',
    template: {
      objective:
        'Say what the rollout should achieve and why, in two or three sentences. Then list what is in scope and what is not.',
      departments:
        'List the departments affected, their heads (who approve the plan) and what changes for each one.',
      phases:
        'List the phases (for example Pilot, Rollout, Stabilisation) with their dates and milestones.',
      training: 'List the training sessions and seminars: date, format, department and audience.',
      communication: 'Plan who hears what, when, and through which channel.',
      support:
        'Plan support for the first weeks: office hours, one champion per department, where problems go.',
      risks: 'List the risks and the resistance you expect, with a mitigation and an owner each.',
      targets: 'Set the success targets: adoption (%), readiness score (1 to 5) and by when.',
      feedback: 'Say how feedback is collected, who reads it, and how the plan is adjusted.',
    },
  },
  fr: {
    templateName: 'Stratégie de déploiement',
    templateDescription:
      'Périmètre, départements, phases, formation, communication, support, risques, objectifs, retours.',
    pageTitle: (title) => `Stratégie de déploiement : ${title}`,
    macroTitle: 'État du déploiement',
    intro:
      'Cette page est la stratégie du déploiement. Les sections marquées « issu du plan » suivent le plan tenu dans Rollout Coordinator : modifiez le plan dans l’application et cette page est mise à jour. Tout le reste est à rédiger par vous.',
    introIssue: (issueKey) =>
      `Les validations et le travail dans Jira sont suivis sur ${issueKey}.`,
    headings: {
      objective: '1. Objectif et périmètre',
      departments: '2. Départements concernés et leurs responsables',
      phases: '3. Phases et jalons',
      training: '4. Plan de formation',
      communication: '5. Plan de communication',
      support: '6. Accompagnement des premières semaines',
      risks: '7. Risques et résistances attendues',
      targets: '8. Objectifs de réussite',
      feedback: '9. Recueil des retours',
      status: 'État en direct',
    },
    fromPlan: 'Issu du plan.',
    objective: {
      goLive: 'Mise en service',
      departments: 'Départements',
      jira: 'Ticket Jira',
      jiraPending: 'en cours de création',
    },
    scopeGuidance: [
      'Dans le périmètre : les équipes, processus et outils qui changent, et ce que chacun fera autrement dès la mise en service.',
      'Hors périmètre : ce qui ne change pas, pour que personne ne le planifie.',
    ],
    departments: {
      department: 'Département',
      head: 'Responsable (valide)',
      stage: 'Étape de validation',
      sessions: 'Sessions prévues',
    },
    departmentsGuidance:
      'Pour chaque département, notez ce qui change dans le travail quotidien et qui est le plus concerné : ces personnes ont besoin de la formation la plus précoce et la plus pratique.',
    phases: {
      phase: 'Phase',
      start: 'Début',
      end: 'Fin',
      milestones: 'Jalons et tâches',
      none: 'Aucune tâche pour l’instant.',
    },
    sessions: {
      date: 'Date',
      session: 'Session',
      format: 'Format',
      department: 'Département',
      audience: 'Public',
    },
    noTraining: 'Aucune formation ni aucun séminaire n’est prévu pour l’instant.',
    trainingGuidance: [
      'Réservez tôt les salles et les formateurs, et envoyez le support une semaine avant chaque session.',
      'Prévoyez une session de rattrapage pour les absents, et enregistrez une session pour les nouveaux arrivants.',
    ],
    communication: {
      when: 'Quand',
      what: 'Quoi',
      who: 'Pour qui',
      channel: 'Canal',
      channelTbd: 'E-mail, intranet ou réunion d’équipe : à décider',
    },
    noCommunication: 'Aucune communication n’est prévue pour l’instant.',
    communicationStarter: {
      heading: 'Messages habituels (à adapter ou supprimer) :',
      rows: [
        [
          'Quatre semaines avant la mise en service',
          'Pourquoi nous changeons, ce que cela implique pour chaque équipe, le calendrier',
          'Toutes les personnes concernées, par le sponsor',
          'E-mail et réunion générale',
        ],
        [
          'Deux semaines avant la mise en service',
          'Comment s’inscrire aux formations ; où trouver de l’aide',
          'Chaque département, par son responsable',
          'Réunion d’équipe',
        ],
        [
          'Jour de la mise en service',
          'C’est parti : premiers pas, permanences, référents',
          'Toutes les personnes concernées',
          'E-mail et intranet',
        ],
        [
          'Deux semaines après la mise en service',
          'Ce que nous avons entendu, ce que nous avons corrigé, la suite',
          'Toutes les personnes concernées',
          'Intranet',
        ],
      ],
    },
    noSupport: 'Aucune permanence n’est prévue pour l’instant.',
    champions: {
      heading:
        'Référents : une personne par département qui maîtrise tôt la nouvelle façon de travailler et aide les autres en premier.',
      department: 'Département',
      champion: 'Référent',
      contact: 'Comment le joindre',
      toName: 'à désigner',
    },
    supportGuidance: [
      'Tenez une permanence chaque jour pendant les deux premières semaines, puis chaque semaine tant que les questions arrivent.',
      'Envoyez dans Jira chaque problème que la permanence ne peut pas résoudre, pour qu’il soit suivi jusqu’à sa résolution.',
    ],
    risks: {
      risk: 'Risque ou résistance',
      likelihood: 'Probabilité',
      mitigation: 'Parade',
      owner: 'Responsable',
    },
    riskRows: [
      [
        'Les équipes continuent d’utiliser l’ancienne méthode en parallèle',
        'Élevée',
        'Fixer la date d’arrêt de l’ancienne méthode ; les responsables vérifient l’usage chaque semaine',
        'Responsables de département',
      ],
      [
        'Pas assez de temps pour se former en période chargée',
        'Moyenne',
        'Sessions courtes, plusieurs dates, sessions enregistrées ; éviter la clôture mensuelle pour la Finance',
        'Coordinateur',
      ],
      [
        'Problèmes de données ou d’accès le jour de la mise en service',
        'Moyenne',
        'Répétition avec un groupe pilote ; support d’astreinte le jour J',
        'Informatique',
      ],
      [
        'Résistance : « l’ancienne méthode marchait très bien »',
        'Moyenne',
        'Expliquer pourquoi nous changeons ; montrer les premiers résultats du pilote ; les référents répondent aux questions',
        'Sponsor et référents',
      ],
    ],
    targets: {
      adoption: 'Adoption',
      readiness: 'Préparation (ADKAR, de 1 à 5)',
      by: 'Atteint le',
      goLive: 'Mise en service',
      notSet: 'non défini',
    },
    targetsGuidance:
      'L’adoption est la part des personnes concernées qui travaillent de la nouvelle façon ; la préparation est le score ADKAR moyen (conscience, désir, connaissance, capacité, renforcement) des enquêtes éclair.',
    feedback: [
      'Une courte enquête éclair par département après chaque phase (ADKAR, de 1 à 5, anonyme, affichée à partir de cinq réponses).',
      'Les encadrants indiquent chaque semaine où en sont leurs équipes pendant le premier mois.',
      'Les questions et problèmes remontés en permanence ou par les référents sont saisis dans Jira, pour qu’aucun ne se perde.',
      'Précisez ici qui lit les retours, quand, et comment le plan est ajusté quand un département prend du retard.',
    ],
    kinds: {
      training: 'Formation',
      seminar: 'Séminaire',
      'office-hours': 'Permanence',
      communication: 'Communication',
    },
    everyone: 'Tout le département',
    template: {
      objective:
        'Dites en deux ou trois phrases ce que le déploiement doit accomplir et pourquoi. Listez ensuite ce qui est dans le périmètre et ce qui ne l’est pas.',
      departments:
        'Listez les départements concernés, leurs responsables (qui valident le plan) et ce qui change pour chacun.',
      phases:
        'Listez les phases (par exemple Pilote, Déploiement, Stabilisation) avec leurs dates et leurs jalons.',
      training: 'Listez les formations et séminaires : date, format, département et public.',
      communication: 'Prévoyez qui entend quoi, quand, et par quel canal.',
      support:
        'Prévoyez l’accompagnement des premières semaines : permanences, un référent par département, où vont les problèmes.',
      risks:
        'Listez les risques et les résistances attendues, avec une parade et un responsable pour chacun.',
      targets:
        'Fixez les objectifs de réussite : adoption (%), score de préparation (de 1 à 5) et échéance.',
      feedback:
        'Dites comment les retours sont recueillis, qui les lit, et comment le plan est ajusté.',
    },
  },
};
