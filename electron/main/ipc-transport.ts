import { BrowserWindow, ipcMain } from 'electron';
import { randomUUID } from 'node:crypto';
import { fail, IPC_EVENT_CHANNEL, ipcChannel, REQUEST_METHODS } from '../contract';
import type { Workbench, WorkbenchClient } from '../core/workbench/workbench';
import { isTrustedSender } from './security';

/**
 * The contract over Electron IPC: one channel per request method, every
 * message checked for its sender and validated by the workbench.
 */
export function exposeWorkbench(workbench: Workbench, appOrigin: string): (window: BrowserWindow) => WorkbenchClient {
  const clients = new Map<number, WorkbenchClient>();

  for (const method of REQUEST_METHODS) {
    ipcMain.handle(ipcChannel(method), (event, params: unknown) => {
      const client = clients.get(event.sender.id);
      if (!client || !isTrustedSender(event.senderFrame, event.sender, appOrigin)) {
        return fail('forbidden', 'Request from an unknown page.');
      }
      return workbench.dispatch(method, params, client);
    });
  }

  return (window) => {
    const contents = window.webContents;
    const id = contents.id;
    const client: WorkbenchClient = {
      id: randomUUID(),
      send: (event) => {
        if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
      },
    };
    clients.set(id, client);
    contents.once('destroyed', () => {
      clients.delete(id);
      void workbench.disconnect(client);
    });
    return client;
  };
}
