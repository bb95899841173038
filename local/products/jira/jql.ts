/**
 * The JQL subset the emulator understands, compiled to one SQL condition over `jira_issues i`
 * (and `jira_issue_properties` for entity properties), so that searching and counting 10,000
 * issues is a single indexed query and counting never loads an issue.
 *
 * Understood: `project`, `issuetype` (`type`), `status`, `statusCategory`, `parent`, `key`
 * (`issuekey`, `id`), `labels`, `issue.property[key].path` and the search aliases of the app's
 * `jira:entityProperty` modules; operators `=`, `!=`, `IN (…)`, `NOT IN (…)`; values quoted or
 * bare; clauses joined with AND; `ORDER BY key|created|updated|id [ASC|DESC]`. Anything else is
 * refused with a 400 naming what the emulator does not support, rather than answered wrongly.
 */
import { createHash } from 'node:crypto';
import type { IndexedPropertyValue, JiraStore, SqlValue, StatusCategoryKey } from './store';

/** A JQL problem: the routes answer it as Jira's 400 `ErrorCollection`. */
export class JqlError extends Error {}

export interface CompiledJql {
  /** A condition over `jira_issues i`, visibility included. */
  where: string;
  params: SqlValue[];
  orderBy: string;
  /** Identifies the query for page tokens (a token of another query is refused). */
  fingerprint: string;
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'punct'; text: '(' | ')' | ',' }
  | { kind: 'property'; key: string; path: string; text: string };

const PROPERTY_REF =
  /^issue\.property\[\s*(?:"([^"]+)"|'([^']+)'|([^\]\s"']+))\s*\]((?:\.[A-Za-z0-9_]+)+)/iu;
const WORD = /^[^\s()",'=!<>~[\]]+/u;
const OPERATOR = /^(?:!=|!~|>=|<=|=|~|>|<)/u;

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let rest = jql;
  while (rest.length > 0) {
    const space = /^\s+/u.exec(rest);
    if (space) {
      rest = rest.slice(space[0].length);
      continue;
    }
    const first = rest[0] ?? '';
    if (first === '"' || first === "'") {
      let text = '';
      let index = 1;
      let closed = false;
      while (index < rest.length) {
        const char = rest[index] ?? '';
        if (char === '\\' && index + 1 < rest.length) {
          text += rest[index + 1] ?? '';
          index += 2;
          continue;
        }
        if (char === first) {
          closed = true;
          index += 1;
          break;
        }
        text += char;
        index += 1;
      }
      if (!closed) throw new JqlError(`The quoted string ${rest} is not closed.`);
      tokens.push({ kind: 'string', text });
      rest = rest.slice(index);
      continue;
    }
    if (first === '(' || first === ')' || first === ',') {
      tokens.push({ kind: 'punct', text: first });
      rest = rest.slice(1);
      continue;
    }
    const property = PROPERTY_REF.exec(rest);
    if (property) {
      tokens.push({
        kind: 'property',
        key: property[1] ?? property[2] ?? property[3] ?? '',
        path: (property[4] ?? '').slice(1),
        text: property[0],
      });
      rest = rest.slice(property[0].length);
      continue;
    }
    const operator = OPERATOR.exec(rest);
    if (operator) {
      tokens.push({ kind: 'op', text: operator[0] });
      rest = rest.slice(operator[0].length);
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      rest = rest.slice(word[0].length);
      continue;
    }
    throw new JqlError(`The emulator's JQL does not understand the character '${first}'.`);
  }
  return tokens;
}

type Operator = '=' | '!=' | 'in' | 'not in';

interface Clause {
  field: { kind: 'name'; name: string } | { kind: 'property'; key: string; path: string };
  operator: Operator;
  values: string[];
}

interface OrderItem {
  field: string;
  descending: boolean;
}

const unsupported = (what: string): JqlError =>
  new JqlError(`The emulator's JQL does not support ${what}.`);

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): { clauses: Clause[]; order: OrderItem[] } {
    const clauses: Clause[] = [];
    const order: OrderItem[] = [];
    if (this.atOrderBy()) {
      this.parseOrderBy(order);
      return { clauses, order };
    }
    while (this.peek()) {
      clauses.push(this.parseClause());
      const next = this.peek();
      if (!next) break;
      if (this.isWord(next, 'and')) {
        this.index += 1;
        continue;
      }
      if (this.isWord(next, 'or')) throw unsupported('OR (only clauses joined with AND)');
      if (this.atOrderBy()) {
        this.parseOrderBy(order);
        break;
      }
      throw new JqlError(`Expecting 'AND' or 'ORDER BY' but got '${describe(next)}'.`);
    }
    return { clauses, order };
  }

  private parseClause(): Clause {
    const token = this.take('a field');
    if (token.kind === 'punct' && token.text === '(') {
      throw unsupported('parentheses around clauses');
    }
    if (this.isWord(token, 'not')) throw unsupported('NOT before a clause');
    let field: Clause['field'];
    if (token.kind === 'property') field = { kind: 'property', key: token.key, path: token.path };
    else if (token.kind === 'word' || token.kind === 'string') {
      if (/^issue\.property/iu.test(token.text)) {
        throw new JqlError(`The entity property reference '${token.text}' is not valid.`);
      }
      field = { kind: 'name', name: token.text };
    } else throw new JqlError(`Expecting a field name but got '${describe(token)}'.`);

    const operator = this.parseOperator();
    if (operator === 'in' || operator === 'not in') {
      const head = this.peek();
      const after = this.tokens[this.index + 1];
      if (head?.kind === 'word' && after?.kind === 'punct' && after.text === '(') {
        throw unsupported(`functions such as ${head.text}()`);
      }
      const open = this.take("'('");
      if (open.kind !== 'punct' || open.text !== '(') {
        throw new JqlError(`Expecting '(' after ${operator.toUpperCase()}.`);
      }
      const values = [this.parseValue()];
      for (;;) {
        const next = this.take("',' or ')'");
        if (next.kind === 'punct' && next.text === ')') break;
        if (next.kind !== 'punct' || next.text !== ',') {
          throw new JqlError(`Expecting ',' or ')' but got '${describe(next)}'.`);
        }
        values.push(this.parseValue());
      }
      return { field, operator, values };
    }
    return { field, operator, values: [this.parseValue()] };
  }

  private parseOperator(): Operator {
    const token = this.take('an operator');
    if (token.kind === 'op') {
      if (token.text === '=' || token.text === '!=') return token.text;
      throw unsupported(`the operator '${token.text}'`);
    }
    if (this.isWord(token, 'in')) return 'in';
    if (this.isWord(token, 'not')) {
      const next = this.take("'IN'");
      if (this.isWord(next, 'in')) return 'not in';
      throw unsupported(`the operator 'NOT ${describe(next)}'`);
    }
    if (token.kind === 'word' && /^(is|was|changed)$/iu.test(token.text)) {
      throw unsupported(`the operator '${token.text.toUpperCase()}'`);
    }
    throw new JqlError(`Expecting an operator but got '${describe(token)}'.`);
  }

  private parseValue(): string {
    const token = this.take('a value');
    if (token.kind === 'string') return token.text;
    if (token.kind !== 'word')
      throw new JqlError(`Expecting a value but got '${describe(token)}'.`);
    const next = this.peek();
    if (next?.kind === 'punct' && next.text === '(') {
      throw unsupported(`functions such as ${token.text}()`);
    }
    if (/^(empty|null)$/iu.test(token.text)) throw unsupported('EMPTY or NULL values');
    return token.text;
  }

  private parseOrderBy(order: OrderItem[]): void {
    this.index += 2;
    for (;;) {
      const field = this.take('a field to order by');
      if (field.kind !== 'word' && field.kind !== 'string') {
        throw new JqlError(`Expecting a field to order by but got '${describe(field)}'.`);
      }
      let descending = false;
      const direction = this.peek();
      if (direction && (this.isWord(direction, 'asc') || this.isWord(direction, 'desc'))) {
        descending = this.isWord(direction, 'desc');
        this.index += 1;
      }
      order.push({ field: field.text.toLowerCase(), descending });
      const next = this.peek();
      if (!next) return;
      if (next.kind === 'punct' && next.text === ',') {
        this.index += 1;
        continue;
      }
      throw new JqlError(`Expecting ',' or the end of the query but got '${describe(next)}'.`);
    }
  }

  private atOrderBy(): boolean {
    const first = this.tokens[this.index];
    const second = this.tokens[this.index + 1];
    return (
      first !== undefined &&
      second !== undefined &&
      this.isWord(first, 'order') &&
      this.isWord(second, 'by')
    );
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private take(expected: string): Token {
    const token = this.tokens[this.index];
    if (!token) throw new JqlError(`Expecting ${expected} but the query ended.`);
    this.index += 1;
    return token;
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }
}

function describe(token: Token): string {
  return token.text;
}

const SUPPORTED_FIELDS = 'project, issuetype, status, statusCategory, parent, key, labels';

const STATUS_CATEGORIES: readonly { key: StatusCategoryKey; names: readonly string[] }[] = [
  { key: 'new', names: ['to do', 'new', '2', 'undefined'] },
  { key: 'indeterminate', names: ['in progress', 'indeterminate', '4'] },
  { key: 'done', names: ['done', 'complete', '3'] },
];

interface Condition {
  sql: string;
  params: SqlValue[];
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** `column op values` for a resolved column value list. */
function compare(column: string, operator: Operator, values: readonly SqlValue[]): Condition {
  switch (operator) {
    case '=':
      return { sql: `${column} = ?`, params: [values[0] ?? null] };
    case '!=':
      return { sql: `${column} <> ?`, params: [values[0] ?? null] };
    case 'in':
      return { sql: `${column} IN (${placeholders(values.length)})`, params: [...values] };
    case 'not in':
      return { sql: `${column} NOT IN (${placeholders(values.length)})`, params: [...values] };
  }
}

function notFound(field: string, value: string): JqlError {
  return new JqlError(`The value '${value}' does not exist for the field '${field}'.`);
}

/**
 * Compiles `jql` for a caller who may browse `visibleProjectIds`: values naming a project the
 * caller cannot see fail like unknown ones, as in Jira.
 */
export function compileJql(
  store: JiraStore,
  jql: string,
  visibleProjectIds: readonly number[],
): CompiledJql {
  const { clauses, order } = new Parser(tokenize(jql)).parse();
  if (clauses.length === 0) {
    throw new JqlError(
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  }
  const visible = new Set(visibleProjectIds);
  const conditions: Condition[] = [
    visibleProjectIds.length === 0
      ? { sql: '0', params: [] }
      : {
          sql: `i.project_id IN (${placeholders(visibleProjectIds.length)})`,
          params: [...visibleProjectIds],
        },
  ];
  for (const clause of clauses) conditions.push(compileClause(store, clause, visible));
  return {
    where: conditions.map((condition) => `(${condition.sql})`).join(' AND '),
    params: conditions.flatMap((condition) => condition.params),
    orderBy: compileOrder(order),
    fingerprint: createHash('sha256').update(jql.trim()).digest('hex').slice(0, 16),
  };
}

function compileClause(store: JiraStore, clause: Clause, visible: ReadonlySet<number>): Condition {
  if (clause.field.kind === 'property') {
    const { key, path } = clause.field;
    const declared = store.search
      .indexedPropertyValues()
      .find((value) => value.propertyKey === key && value.path === path);
    return propertyCondition(key, path, declared?.type ?? 'string', clause, `${key}.${path}`);
  }
  const name = clause.field.name;
  const alias = store.search
    .indexedPropertyValues()
    .find((value) => value.searchAlias?.toLowerCase() === name.toLowerCase());
  if (alias) return propertyCondition(alias.propertyKey, alias.path, alias.type, clause, name);

  switch (name.toLowerCase()) {
    case 'project': {
      const ids = clause.values.map((value) => {
        const project =
          store.projects.getProject(value) ??
          store.projects.listProjects().find((p) => p.name.toLowerCase() === value.toLowerCase());
        if (!project || !visible.has(project.id)) throw notFound('project', value);
        return project.id;
      });
      return compare('i.project_id', clause.operator, ids);
    }
    case 'issuetype':
    case 'type': {
      const ids = clause.values.map((value) => {
        const issueType = store.projects.getIssueType(value);
        if (!issueType) throw notFound('issuetype', value);
        return issueType.id;
      });
      return compare('i.issue_type_id', clause.operator, ids);
    }
    case 'status': {
      const ids = clause.values.map((value) => {
        const status = store.projects.getStatus(value);
        if (!status) throw notFound('status', value);
        return status.id;
      });
      return compare('i.status_id', clause.operator, ids);
    }
    case 'statuscategory': {
      const keys = clause.values.map((value) => {
        const category = STATUS_CATEGORIES.find((candidate) =>
          candidate.names.includes(value.toLowerCase()),
        );
        if (!category) throw notFound('statusCategory', value);
        return category.key;
      });
      const inner = compare('category', clause.operator, keys);
      return {
        sql: `i.status_id IN (SELECT status_id FROM jira_statuses WHERE ${inner.sql})`,
        params: inner.params,
      };
    }
    case 'labels': {
      // Each label is matched on its own, as Jira indexes them; a negative clause matches only
      // issues that have labels, as Jira's `!=` does.
      const has = `SELECT 1 FROM json_each(i.fields, '$.labels') l WHERE ${compare('l.value', clause.operator === '=' || clause.operator === '!=' ? '=' : 'in', clause.values).sql}`;
      const positive = clause.operator === '=' || clause.operator === 'in';
      return {
        sql: positive
          ? `EXISTS (${has})`
          : `json_array_length(i.fields, '$.labels') > 0 AND NOT EXISTS (${has})`,
        params: [...clause.values],
      };
    }
    case 'parent':
    case 'key':
    case 'issuekey':
    case 'id': {
      const field = name.toLowerCase() === 'parent' ? 'parent' : 'key';
      const ids = clause.values.map((value) => {
        const issue = store.issues.getIssue(value);
        if (!issue || !visible.has(issue.projectId)) {
          throw new JqlError(`An issue with key '${value}' does not exist for field '${field}'.`);
        }
        return issue.id;
      });
      if (field === 'key') return compare('i.issue_id', clause.operator, ids);
      const condition = compare('i.parent_id', clause.operator, ids);
      // Like Jira, a negative clause does not match issues that have no parent at all.
      return clause.operator === '!=' || clause.operator === 'not in'
        ? { sql: `i.parent_id IS NOT NULL AND ${condition.sql}`, params: condition.params }
        : condition;
    }
    default:
      throw unsupported(
        `the field '${name}' (it supports ${SUPPORTED_FIELDS}, issue.property[…] and the app's entity-property aliases)`,
      );
  }
}

/**
 * An entity-property clause. Jira indexes each element of an array separately, so `json_each`
 * (which yields the scalar itself for a non-array) compares element by element. A negative
 * clause matches only issues that have the value at all, as Jira's `!=` does.
 */
function propertyCondition(
  key: string,
  path: string,
  type: IndexedPropertyValue['type'],
  clause: Clause,
  label: string,
): Condition {
  const jsonPath = `$.${path}`;
  const values: SqlValue[] = clause.values.map((value) => {
    if (type !== 'number') return value;
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      throw new JqlError(`The value '${value}' is not a valid number for '${label}'.`);
    }
    return number;
  });
  const element = type === 'number' ? 'e.value' : 'CAST(e.value AS TEXT)';
  const positive = clause.operator === '=' || clause.operator === 'in';
  const match = compare(
    element,
    positive ? clause.operator : clause.operator === '!=' ? '=' : 'in',
    values,
  );
  const has = `SELECT 1 FROM json_each(p.value, ?) e WHERE e.type NOT IN ('object', 'array') AND ${match.sql}`;
  const sql = positive
    ? `i.issue_id IN (SELECT p.issue_id FROM jira_issue_properties p WHERE p.key = ? AND EXISTS (${has}))`
    : `i.issue_id IN (SELECT p.issue_id FROM jira_issue_properties p WHERE p.key = ? AND json_type(p.value, ?) IS NOT NULL AND NOT EXISTS (${has}))`;
  const params: SqlValue[] = positive
    ? [key, jsonPath, ...match.params]
    : [key, jsonPath, jsonPath, ...match.params];
  return { sql, params };
}

function compileOrder(order: readonly OrderItem[]): string {
  const parts = order.map((item) => {
    const direction = item.descending ? 'DESC' : 'ASC';
    switch (item.field) {
      case 'key':
      case 'issuekey':
        return `i.project_id ${direction}, i.issue_number ${direction}`;
      case 'created':
        return `i.created ${direction}`;
      case 'updated':
        return `i.updated ${direction}`;
      case 'id':
        return `i.issue_id ${direction}`;
      default:
        throw unsupported(`ordering by '${item.field}' (it orders by key, created, updated, id)`);
    }
  });
  // Newest first by default; the id breaks ties so that pages never overlap.
  parts.push(order.length === 0 ? 'i.created DESC, i.issue_id DESC' : 'i.issue_id DESC');
  return parts.join(', ');
}
