import { app, BrowserWindow, dialog, Menu, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL } from '../contract/channels';
import { trellisHome } from '../core/config/trellis-home';
import { closeInheritedDescriptors } from '../core/sandbox/inherited-descriptors';
import { Workbench } from '../core/workbench/workbench';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { exposeWorkbench } from './ipc-transport';
import { KeychainSecrets } from './keychain-secrets';
import { buildMenu } from './menu';
import { hardenApp } from './security';

// Files whoever started us left open (no close-on-exec: a key on fd 200, ~/.bashrc open for append) would reach
// every command Trellis runs; Chromium's own pipes and sockets are left alone.
closeInheritedDescriptors(process.env, { filesOnly: true });

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');

registerAppScheme();

async function main() {
  await app.whenReady();
  hardenApp(APP_ORIGIN);
  serveRenderer(rendererDir);

  const workbench = new Workbench({
    home: trellisHome(),
    app: {
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      shell: 'electron',
      initialPath: null,
    },
    pickFolder: async () => {
      const window = BrowserWindow.getFocusedWindow();
      const options = {
        title: 'Open a repository',
        properties: ['openDirectory' as const, 'createDirectory' as const],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    secrets: new KeychainSecrets(trellisHome()),
    revealPath: async (target) => shell.showItemInFolder(target),
    // The window may open no tab (setWindowOpenHandler denies): Authenticate's sign-in page opens here. Only http(s)
    // addresses reach it (core/mcp/oauth refuses any other scheme a server's metadata names).
    openBrowser: (url) => shell.openExternal(url),
    log: (message) => console.error(`trellis: ${message}`),
  });
  const connect = exposeWorkbench(workbench, APP_ORIGIN);

  const openWindow = () => {
    const window = new BrowserWindow({
      width: 1440,
      height: 900,
      minWidth: 800,
      minHeight: 500,
      title: 'Trellis',
      backgroundColor: '#16181d',
      show: false,
      webPreferences: {
        preload: preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    const client = connect(window);
    window.once('ready-to-show', () => window.show());
    void window.loadURL(`${APP_ORIGIN}/index.html`);
    return client;
  };

  Menu.setApplicationMenu(
    buildMenu({
      openFolder: () => {
        const window = BrowserWindow.getFocusedWindow();
        window?.webContents.send(IPC_EVENT_CHANNEL, { type: 'ui.command', command: 'open-folder' });
      },
      newWindow: () => openWindow(),
    }),
  );
  openWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void workbench.close());
}

void main();
