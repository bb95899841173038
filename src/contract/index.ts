export * from './envelope';
export * from './functions';
