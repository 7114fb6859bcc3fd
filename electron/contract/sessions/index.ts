export * from './methods';
export * from './schemas';
export * from './events';
export * from './requests';
export * from './proposed-plan';
