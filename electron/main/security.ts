import { app, session, type WebContents } from 'electron';

/**
 * The renderer is untrusted: it may not navigate, open windows, or be granted
 * any permission, and IPC is answered only for the pages we loaded ourselves.
 */
export function hardenApp(appOrigin: string): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(appOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function isTrustedSender(
  frame: { url: string } | null | undefined,
  contents: WebContents,
  appOrigin: string,
): boolean {
  return Boolean(frame && frame.url.startsWith(appOrigin) && !contents.isDestroyed());
}
