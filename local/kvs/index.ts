/**
 * The local Forge storage emulator (KVS, secrets, custom entities with indexes, batches and
 * transactions) on SQLite. See emulator.ts for the entry point and limits.ts for the limits.
 */
export type { AttributeType, EntityDef, EntityIndexDef } from './manifest';
export { BY_KEY_INDEX, entityDefsFromManifest } from './manifest';
export { KvsEmulator, type KvsEmulatorOptions, type KvsReply, type KvsStats } from './emulator';
export { kvsBackend, kvsResponse } from './backend';
export { ErrorCode, type ErrorCodeName } from './errors';
export * as KvsLimits from './limits';
