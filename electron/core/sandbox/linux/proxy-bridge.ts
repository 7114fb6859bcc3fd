import { PROXY_VARIABLES } from '../network-proxy/proxy-environment';

/**
 * With allow-hosts the command's network namespace has nothing but its own
 * loopback, and HTTP tools speak TCP. So the command is started by this
 * small Node program, inside the sandbox: it listens on a free loopback
 * port, points the proxy variables at it, runs the command with stdio passed
 * through, forwards signals, and exits as the command did.
 *
 * It reaches the proxy without any Unix socket of its own (the sandbox may
 * not make one: it could connect() to any host socket on disk). Trellis
 * starts bubblewrap with a Node IPC channel (NODE_CHANNEL_FD); for each
 * connection the bridge asks for one (`{ type: 'connect', id }`) and Trellis,
 * outside, connects to the proxy and sends the connected socket back as a
 * handle (`{ type: 'connection', id }`). The command itself starts behind
 * the launcher, which closes the channel: only the bridge holds it.
 *
 * NODE_OPTIONS (and Electron's run-as-node switch) are parked under another
 * name so they shape the command, not the bridge.
 */
const BRIDGE_SOURCE = `
const net = require('net');
const { spawn } = require('child_process');
const argv = process.argv.slice(1);
const env = { ...process.env };
for (const name of ['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE']) {
  delete env[name];
  if (env['TRELLIS_BRIDGE_' + name] !== undefined) env[name] = env['TRELLIS_BRIDGE_' + name];
  delete env['TRELLIS_BRIDGE_' + name];
}
const waiting = new Map();
let next = 0;
process.on('message', (message, handle) => {
  const done = message && message.type === 'connection' && waiting.get(message.id);
  if (!done) return handle && handle.destroy();
  waiting.delete(message.id);
  done(handle);
});
process.channel.unref();
const server = net.createServer((client) => {
  const id = next++;
  client.pause();
  client.on('error', () => {});
  waiting.set(id, (upstream) => {
    if (!upstream) return client.destroy();
    client.pipe(upstream).on('error', () => {});
    upstream.pipe(client).on('error', () => {});
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.resume();
  });
  try { process.send({ type: 'connect', id }); } catch { client.destroy(); }
});
server.listen(0, '127.0.0.1', () => {
  server.unref();
  const url = 'http://127.0.0.1:' + server.address().port;
  for (const name of ${JSON.stringify(PROXY_VARIABLES)}) env[name] = url;
  delete env.NO_PROXY;
  delete env.no_proxy;
  const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (err) => {
    process.stderr.write(argv[0] + ': ' + (err.code === 'ENOENT' ? 'command not found' : 'Permission denied') + '\\n');
    process.exit(err.code === 'ENOENT' ? 127 : 126);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
});
`;

/** A message from the bridge: it wants a connection to the proxy. */
export interface BridgeConnectRequest {
  type: 'connect';
  id: number;
}

export function isBridgeConnectRequest(message: unknown): message is BridgeConnectRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as BridgeConnectRequest).type === 'connect' &&
    Number.isInteger((message as BridgeConnectRequest).id)
  );
}

export interface BridgeCommand {
  argv: string[];
  env: Record<string, string>;
}

/** The argv and environment that start `argv` behind the bridge, using this process's Node (or Electron as Node). */
export function bridgeCommand(
  argv: string[],
  env: Record<string, string>,
  nodePath = process.execPath,
  electron = !!process.versions.electron,
): BridgeCommand {
  const out = { ...env };
  for (const name of ['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE']) {
    if (out[name] !== undefined) out[`TRELLIS_BRIDGE_${name}`] = out[name];
    delete out[name];
  }
  if (electron) out.ELECTRON_RUN_AS_NODE = '1';
  return { argv: [nodePath, '-e', BRIDGE_SOURCE, '--', ...argv], env: out };
}
