export * from './envelope';
export * from './functions';
export * from './gadget';
export * from './mine';
