/** Hooks of the open workspace: the list, trusting one, switching one off and on, running a manual one. Zod-free: the preload imports it. */
export const HOOKS_METHODS = ['hooks.list', 'hooks.trust', 'hooks.setEnabled', 'hooks.run'] as const;
export type HooksMethod = (typeof HOOKS_METHODS)[number];
