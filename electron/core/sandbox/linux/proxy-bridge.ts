import { PROXY_VARIABLES } from '../network-proxy/proxy-environment';

/** Where the proxy's Unix socket appears inside the sandbox (bound over the private /tmp). */
export const SANDBOX_PROXY_SOCKET = '/tmp/.trellis-proxy.sock';

/**
 * With allow-hosts the command's network namespace has nothing but its own
 * loopback, and HTTP tools speak TCP, not Unix sockets. So the command is
 * started by this small Node program, inside the sandbox: it listens on a
 * free loopback port, carries every connection to the proxy's socket, points
 * the proxy variables at that port, runs the command with stdio passed
 * through, forwards signals, and exits as the command did.
 *
 * NODE_OPTIONS (and Electron's run-as-node switch) are parked under another
 * name so they shape the command, not the bridge.
 */
const BRIDGE_SOURCE = `
const net = require('net');
const { spawn } = require('child_process');
const [socketPath, ...argv] = process.argv.slice(1);
const env = { ...process.env };
for (const name of ['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE']) {
  delete env[name];
  if (env['TRELLIS_BRIDGE_' + name] !== undefined) env[name] = env['TRELLIS_BRIDGE_' + name];
  delete env['TRELLIS_BRIDGE_' + name];
}
const server = net.createServer((client) => {
  const upstream = net.connect(socketPath);
  client.pipe(upstream).on('error', () => {});
  upstream.pipe(client).on('error', () => {});
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
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

export interface BridgeCommand {
  argv: string[];
  env: Record<string, string>;
}

/** The argv and environment that start `argv` behind the bridge, using this process's Node (or Electron as Node). */
export function bridgeCommand(argv: string[], env: Record<string, string>, nodePath = process.execPath, electron = !!process.versions.electron): BridgeCommand {
  const out = { ...env };
  for (const name of ['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE']) {
    if (out[name] !== undefined) out[`TRELLIS_BRIDGE_${name}`] = out[name];
    delete out[name];
  }
  if (electron) out.ELECTRON_RUN_AS_NODE = '1';
  return { argv: [nodePath, '-e', BRIDGE_SOURCE, '--', SANDBOX_PROXY_SOCKET, ...argv], env: out };
}
