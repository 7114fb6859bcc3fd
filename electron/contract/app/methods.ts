/** The app's own requests: which shell runs it, recent folders, the panes' layout, keys in the keychain. Zod-free: the preload imports it. */
export const APP_METHODS = [
  'app.info',
  'recents.list',
  'recents.remove',
  'layout.get',
  'layout.set',
  'secrets.set',
] as const;
export type AppMethod = (typeof APP_METHODS)[number];
