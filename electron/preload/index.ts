import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel, REQUEST_METHODS, type RequestMethod } from '../contract/channels';

/**
 * The whole surface the renderer gets: one named function per contract
 * request, a subscription to contract events, and the path of a dropped file.
 */
const request = Object.fromEntries(
  REQUEST_METHODS.map((method) => [method, (params: unknown) => ipcRenderer.invoke(ipcChannel(method), params)]),
) as Record<RequestMethod, (params: unknown) => Promise<unknown>>;

contextBridge.exposeInMainWorld('trellis', {
  request,
  onEvent(listener: (event: unknown) => void): () => void {
    const wrapped = (_e: Electron.IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.off(IPC_EVENT_CHANNEL, wrapped);
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
});
