/**
 * The condition operators of `@forge/kvs` (`conditions.js`): validation with the documented
 * INVALID_FILTER_* codes, and evaluation of filters and transaction conditions on a stored value.
 */
import { badRequest, ErrorCode } from './errors';
import {
  compareCodePoints,
  isJsonObject,
  jsonEquals,
  type JsonObject,
  type JsonValue,
} from './json';
import type { Clause, FilterGroup, FilterItem } from './requests';

export type Scalar = string | number | boolean;

export type ConditionName =
  | 'BEGINS_WITH'
  | 'BETWEEN'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'EQUAL_TO'
  | 'NOT_EQUAL_TO'
  | 'EXISTS'
  | 'NOT_EXISTS'
  | 'GREATER_THAN'
  | 'GREATER_THAN_EQUAL_TO'
  | 'LESS_THAN'
  | 'LESS_THAN_EQUAL_TO';

/** `WhereConditions`: what an index range accepts. */
export type RangeConditionName = Extract<
  ConditionName,
  | 'BEGINS_WITH'
  | 'BETWEEN'
  | 'EQUAL_TO'
  | 'GREATER_THAN'
  | 'GREATER_THAN_EQUAL_TO'
  | 'LESS_THAN'
  | 'LESS_THAN_EQUAL_TO'
>;

export interface Condition<N extends ConditionName = ConditionName> {
  condition: N;
  values: Scalar[];
}

export interface PropertyCondition extends Condition {
  property: string;
}

export interface ConditionGroup {
  operator: 'and' | 'or';
  items: PropertyCondition[];
}

const ARITY: Record<ConditionName, number> = {
  BEGINS_WITH: 1,
  BETWEEN: 2,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  EQUAL_TO: 1,
  NOT_EQUAL_TO: 1,
  EXISTS: 1,
  NOT_EXISTS: 1,
  GREATER_THAN: 1,
  GREATER_THAN_EQUAL_TO: 1,
  LESS_THAN: 1,
  LESS_THAN_EQUAL_TO: 1,
};

const RANGE_CONDITIONS: readonly RangeConditionName[] = [
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
];

function isConditionName(name: string): name is ConditionName {
  return Object.hasOwn(ARITY, name);
}

function isScalar(value: JsonValue): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function validateClause(clause: Clause, allowed: readonly ConditionName[] | undefined): Condition {
  const name = clause.condition;
  if (!isConditionName(name) || (allowed !== undefined && !allowed.includes(name))) {
    throw badRequest(
      ErrorCode.INVALID_FILTER_CONDITION,
      `The condition ${name} is not supported here.`,
    );
  }
  const arity = ARITY[name];
  if (clause.values.length < arity) {
    throw badRequest(
      arity > 1 ? ErrorCode.INSUFFICIENT_FILTER_VALUES : ErrorCode.INVALID_FILTER_VALUES,
      arity > 1
        ? `The condition ${name} needs at least ${arity} values.`
        : `The condition ${name} needs ${arity} value.`,
    );
  }
  if (clause.values.length > arity) {
    throw badRequest(
      ErrorCode.INVALID_FILTER_VALUES,
      `The condition ${name} takes ${arity} value(s), got ${clause.values.length}.`,
    );
  }
  const values: Scalar[] = [];
  for (const value of clause.values) {
    if (!isScalar(value)) {
      throw badRequest(
        ErrorCode.INVALID_FILTER_VALUES,
        `The condition ${name} takes string, number or boolean values.`,
      );
    }
    values.push(value);
  }
  if ((name === 'EXISTS' || name === 'NOT_EXISTS') && values[0] !== true) {
    throw badRequest(ErrorCode.INVALID_FILTER_VALUES, `The condition ${name} takes [true].`);
  }
  return { condition: name, values };
}

function isRangeCondition(condition: Condition): condition is Condition<RangeConditionName> {
  return (RANGE_CONDITIONS as readonly ConditionName[]).includes(condition.condition);
}

export function validateRangeClause(clause: Clause): Condition<RangeConditionName> {
  const condition = validateClause(clause, RANGE_CONDITIONS);
  if (!isRangeCondition(condition)) {
    throw badRequest(
      ErrorCode.INVALID_FILTER_CONDITION,
      `${condition.condition} is not a range condition.`,
    );
  }
  return condition;
}

/** Validates `{and: [...]}` or `{or: [...]}`: exactly one operator, with at least one item. */
export function validateGroup(group: FilterGroup): ConditionGroup {
  if (group.and !== undefined && group.or !== undefined) {
    throw badRequest(
      ErrorCode.INVALID_FILTER_OPERATORS_COMBINATION,
      'Filter operators "and" and "or" cannot be present at the same level.',
    );
  }
  const operator = group.and !== undefined ? 'and' : 'or';
  const items: FilterItem[] = group.and ?? group.or ?? [];
  if (items.length === 0) {
    throw badRequest(
      ErrorCode.EMPTY_FILTER_OPERATOR,
      'Filter operators "and" and "or" cannot be empty.',
    );
  }
  return {
    operator,
    items: items.map((item) => ({ property: item.property, ...validateClause(item, undefined) })),
  };
}

/**
 * Orders two scalars of the same kind (numbers numerically, strings by code point, booleans
 * false < true). Different kinds do not compare: every ordering condition is then false.
 */
export function compareScalars(a: JsonValue, b: Scalar): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}

function contains(actual: JsonValue, needle: Scalar): boolean {
  if (typeof actual === 'string') return actual.includes(String(needle));
  if (Array.isArray(actual)) return actual.some((item) => jsonEquals(item, needle));
  return false;
}

/**
 * Whether one attribute value meets a condition. `undefined` is a missing attribute: only
 * NOT_EXISTS, NOT_EQUAL_TO and NOT_CONTAINS hold for it (a missing value equals and contains
 * nothing). Not documented by Atlassian; chosen as the reading that makes negations total.
 */
export function meetsCondition(actual: JsonValue | undefined, condition: Condition): boolean {
  const [first, second] = condition.values;
  if (first === undefined) return false;
  switch (condition.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'NOT_EQUAL_TO':
      return actual === undefined || !jsonEquals(actual, first);
    case 'NOT_CONTAINS':
      return actual === undefined || !contains(actual, first);
    default:
      break;
  }
  if (actual === undefined) return false;
  switch (condition.condition) {
    case 'EQUAL_TO':
      return jsonEquals(actual, first);
    case 'CONTAINS':
      return contains(actual, first);
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(first));
    case 'BETWEEN': {
      if (second === undefined) return false;
      const low = compareScalars(actual, first);
      const high = compareScalars(actual, second);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'GREATER_THAN':
      return (compareScalars(actual, first) ?? -1) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return (compareScalars(actual, first) ?? -1) >= 0;
    case 'LESS_THAN':
      return (compareScalars(actual, first) ?? 1) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return (compareScalars(actual, first) ?? 1) <= 0;
    default:
      return false;
  }
}

/** Evaluates a group on an entity value; `undefined` stands for an entity that does not exist. */
export function meetsGroup(value: JsonObject | undefined, group: ConditionGroup): boolean {
  const test = (item: PropertyCondition): boolean =>
    meetsCondition(
      value !== undefined && Object.hasOwn(value, item.property) ? value[item.property] : undefined,
      item,
    );
  return group.operator === 'and' ? group.items.every(test) : group.items.some(test);
}

export function asEntityValue(value: JsonValue): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}
