export * from './channels';
export * from './events';
export * from './layout';
export * from './requests';
export * from './result';
export * from './session-events';
export * from './wire';
export * from './workspace';
