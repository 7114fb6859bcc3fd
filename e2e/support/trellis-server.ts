import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TrellisServer {
  /** The first link printed; it opens one tab, once. */
  url: string;
  /** A link no caller was given yet: the first, then each one printed after a tab used the previous. */
  nextUrl(): Promise<string>;
  origin: string;
  home: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const BIN = path.resolve('bin/trellis.js');
const NEXT_LINK_CAP_MS = 15_000;

/** Start the real `trellis serve` (the built CLI) with a private Trellis home, and wait for its URL. */
export async function startTrellisServer(
  args: string[] = [],
  home?: string,
  env: Record<string, string> = {},
): Promise<TrellisServer> {
  const trellisHome = home ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-home-')));
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, ...env, TRELLIS_HOME: trellisHome },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let out = '';
  const links = () => [...out.matchAll(/(http:\/\/\S+#token=\S+)/g)].map((m) => m[1]);
  child.stdout!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`trellis serve printed no URL in 15 s. stderr: ${stderr}`)),
      15_000,
    );
    child.stdout!.on('data', () => {
      const first = links()[0];
      if (first) {
        clearTimeout(timer);
        resolve(first);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`trellis serve exited with ${code}: ${stderr}`));
    });
  });
  let handedOut = 0;
  return {
    /** Reading it hands the first link out, so nextUrl() then waits for the one printed after it is used. */
    get url() {
      handedOut = Math.max(handedOut, 1);
      return url;
    },
    async nextUrl() {
      // Each link is printed when the previous one is used: wait for the server's output, not for time.
      if (links().length <= handedOut) {
        await new Promise<void>((resolve, reject) => {
          const printed = () => {
            if (links().length <= handedOut) return;
            stopWaiting();
            resolve();
          };
          // Only a cap for a clear message when the previous link was never used.
          const timer = setTimeout(() => {
            stopWaiting();
            reject(
              new Error(`trellis serve printed no new link in 15 s (the previous one was never used?). stdout: ${out}`),
            );
          }, NEXT_LINK_CAP_MS);
          const stopWaiting = () => {
            clearTimeout(timer);
            child.stdout!.off('data', printed);
          };
          child.stdout!.on('data', printed);
        });
      }
      return links()[handedOut++];
    },
    origin: new URL(url).origin,
    home: trellisHome,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
