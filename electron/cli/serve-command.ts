import path from 'node:path';
import { trellisHome } from '../core/config/trellis-home';
import { Workbench } from '../core/workbench/workbench';
import { resolveFolder } from '../core/workspace/resolve-folder';
import { isLoopbackHost } from '../server/access-control';
import { startServer } from '../server/serve';
import { packageInfo } from './package-info';

export interface ServeCommandOptions {
  port: number;
  host: string;
  dir?: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
}

export async function serveCommand(options: ServeCommandOptions): Promise<number> {
  let initialPath: string | null = null;
  if (options.dir !== undefined) {
    try {
      initialPath = await resolveFolder(options.dir.startsWith('file:') ? options.dir : path.resolve(options.dir));
    } catch (err) {
      process.stderr.write(`trellis serve: ${(err as Error).message}\n`);
      return 2;
    }
  }
  if (!isLoopbackHost(options.host)) {
    process.stderr.write(
      `trellis serve: warning: listening on ${options.host}, reachable beyond this machine; the token is the only guard.\n`,
    );
  }
  const info = packageInfo();
  const workbench = new Workbench({
    home: trellisHome(),
    app: { ...info, platform: process.platform, shell: 'browser', initialPath },
    log: (message) => process.stderr.write(`trellis: ${message}\n`),
  });
  let server;
  try {
    server = await startServer({
      workbench,
      rendererDir: options.rendererDir,
      host: options.host,
      port: options.port,
      log: (message) => process.stderr.write(`trellis serve: ${message}\n`),
      // Each link opens one tab; the terminal is where the person finds the next one (and sees a use they did not make).
      onNewLink: (url) => process.stdout.write(`A browser tab used that link. For another tab: ${url}\n`),
    });
  } catch (err) {
    process.stderr.write(
      `trellis serve: cannot listen on ${options.host}:${options.port}: ${(err as Error).message}\n`,
    );
    return 2;
  }
  process.stdout.write(`Trellis workbench: ${server.url}\n`);
  process.stderr.write(
    'Open that URL in a browser; it works once, and a new one is printed when it is used. Press Ctrl-C to stop.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await workbench.close();
  return 0;
}
