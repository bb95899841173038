/**
 * `kvs.transact()`: sets, deletes and checks on plain keys and entities, all or nothing.
 * Every operation is validated and every condition evaluated against the state before the
 * transaction, and only then are the writes applied, inside one SQLite transaction: a failed
 * condition (409 CONDITION_FAILED) or key policy (409 KEY_CONFLICT) writes nothing.
 */
import type { Database } from 'better-sqlite3';
import { asEntityValue, meetsGroup, validateGroup, type ConditionGroup } from './conditions';
import { badRequest, ErrorCode, KvsError } from './errors';
import { EMPTY_REPLY, type Reply } from './items';
import { parseStored } from './json';
import { validateOperationCount, validateRequestSize } from './limits';
import type { FilterGroup, SetOptions } from './requests';
import { parseBody, transactionRequest } from './requests';
import type { PreparedWrite, Store, Target } from './store';

type Operation =
  | {
      kind: 'set';
      write: PreparedWrite;
      options: Pick<SetOptions, 'ttl' | 'keyPolicy'> | undefined;
      conditions: ConditionGroup | undefined;
    }
  | { kind: 'delete'; target: Target; key: string; conditions: ConditionGroup | undefined }
  | { kind: 'check'; target: Target; key: string; conditions: ConditionGroup };

function conditionsFor(target: Target, group: FilterGroup | undefined): ConditionGroup | undefined {
  if (group === undefined) return undefined;
  if (target.kind !== 'entity') {
    throw badRequest(
      ErrorCode.BAD_REQUEST,
      'Conditions apply only to custom entity operations (entityName).',
    );
  }
  return validateGroup(group);
}

function conditionFailed(operation: string, key: string): KvsError {
  return new KvsError(
    409,
    ErrorCode.CONDITION_FAILED,
    `The condition of the ${operation} on key "${key}" is not met; the transaction was not applied.`,
  );
}

export class Transactions {
  constructor(
    private readonly db: Database,
    private readonly store: Store,
  ) {}

  execute(body: string, now: number): Reply {
    validateRequestSize(body);
    const request = parseBody(transactionRequest, body);
    const operations: Operation[] = [
      ...(request.set ?? []).map((item): Operation => {
        const target = this.store.target(item.entityName);
        return {
          kind: 'set',
          write: this.store.prepareWrite(target, item.key, item.value),
          options: item.options,
          conditions: conditionsFor(target, item.conditions),
        };
      }),
      ...(request.delete ?? []).map((item): Operation => {
        const target = this.store.target(item.entityName);
        this.store.ref(target, item.key);
        return {
          kind: 'delete',
          target,
          key: item.key,
          conditions: conditionsFor(target, item.conditions),
        };
      }),
      ...(request.check ?? []).map((item): Operation => {
        const target = this.store.target(item.entityName);
        this.store.ref(target, item.key);
        return { kind: 'check', target, key: item.key, conditions: validateGroup(item.conditions) };
      }),
    ];
    if (operations.length === 0) {
      throw badRequest(ErrorCode.BAD_REQUEST, 'A transaction needs at least one operation.');
    }
    validateOperationCount(operations.length, 'transaction');
    const seen = new Set<string>();
    for (const operation of operations) {
      const target = operation.kind === 'set' ? operation.write.target : operation.target;
      const key = operation.kind === 'set' ? operation.write.ref.key : operation.key;
      const identity = `${target.kind === 'entity' ? target.def.name : ''}\u0000${key}`;
      if (seen.has(identity)) {
        throw badRequest(
          ErrorCode.BAD_REQUEST,
          `Each key can only be used once in a transaction ("${key}").`,
        );
      }
      seen.add(identity);
    }

    this.db.transaction(() => {
      for (const operation of operations) this.verify(operation, now);
      for (const operation of operations) this.apply(operation, now);
    })();
    return EMPTY_REPLY;
  }

  /** Throws when an operation's condition or key policy does not hold on the current state. */
  private verify(operation: Operation, now: number): void {
    const target = operation.kind === 'set' ? operation.write.target : operation.target;
    const key = operation.kind === 'set' ? operation.write.ref.key : operation.key;
    const row = this.store.read(target, this.store.ref(target, key), now);
    if (operation.kind === 'check' && !row) throw conditionFailed('check', key);
    if (operation.kind === 'set' && operation.options?.keyPolicy === 'FAIL_IF_EXISTS' && row) {
      throw new KvsError(
        409,
        ErrorCode.KEY_CONFLICT,
        `Key "${key}" already exists; the transaction was not applied.`,
      );
    }
    // A missing entity meets only conditions that hold for missing attributes (e.g. notExists),
    // which is how a transaction creates an item only if it is absent.
    const value = row ? asEntityValue(parseStored(row.value)) : undefined;
    if (operation.conditions && !meetsGroup(value, operation.conditions)) {
      throw conditionFailed(operation.kind, key);
    }
  }

  private apply(operation: Operation, now: number): void {
    switch (operation.kind) {
      case 'set':
        // keyPolicy was verified above; writing with it again could only repeat that check.
        this.store.write(operation.write, operation.options, now);
        return;
      case 'delete':
        this.store.remove(operation.target, this.store.ref(operation.target, operation.key), now);
        return;
      case 'check':
        return;
    }
  }
}
