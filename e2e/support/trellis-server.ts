import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TrellisServer {
  url: string;
  origin: string;
  home: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const BIN = path.resolve('bin/trellis.js');

/** Start the real `trellis serve` (the built CLI) with a private Trellis home, and wait for its URL. */
export async function startTrellisServer(args: string[] = [], home?: string, env: Record<string, string> = {}): Promise<TrellisServer> {
  const trellisHome = home ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-home-')));
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, ...env, TRELLIS_HOME: trellisHome },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`trellis serve printed no URL in 15 s. stderr: ${stderr}`)), 15_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /(http:\/\/\S+\?token=\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`trellis serve exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
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
