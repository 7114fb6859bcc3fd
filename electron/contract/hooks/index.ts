export * from './methods';
export * from './schemas';
export * from './requests';
