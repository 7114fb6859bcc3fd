import type { RequestMethod, RequestParams, RequestValue, Result, WorkbenchEvent } from '../../../electron/contract';

/** The one way the renderer talks to Node, whichever face it runs in. */
export interface TrellisApi {
  readonly shell: 'electron' | 'browser';
  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<Result<RequestValue<M>>>;
  onEvent(listener: (event: WorkbenchEvent) => void): () => void;
  /** Told when the connection is refused for good (a used link, an ended session), and null once it works. */
  onConnectionProblem?(listener: (problem: string | null) => void): () => void;
  /** Real paths of dropped files; only the Electron preload can give them. */
  pathForFile?(file: File): string;
}

/** What the Electron preload exposes as `window.trellis`. */
export interface PreloadBridge {
  request: Record<RequestMethod, (params: unknown) => Promise<unknown>>;
  onEvent(listener: (event: unknown) => void): () => void;
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    trellis?: PreloadBridge;
  }
}
