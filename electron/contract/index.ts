// The contract, one module per domain (its method names, schemas and requests table); requests.ts joins the tables.
export * from './app';
export * from './changes';
export * from './channels';
export * from './crew';
export * from './events';
export * from './hooks';
export * from './mcp';
export * from './requests';
export * from './result';
export * from './sessions';
export * from './specs';
export * from './trust';
export * from './wire';
export * from './workspace';
export { lazy } from './lazy';
export type { RequestSpec, RequestTable } from './request-table';
