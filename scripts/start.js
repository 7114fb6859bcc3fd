// `npm start`: the Trellis window when Electron's binary is installed; otherwise
// say so in one line and serve the same workbench on loopback instead.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const binary = electronBinary();
const [command, args] = binary
  ? [binary, [root, ...process.argv.slice(2)]]
  : [
      process.execPath,
      [fileURLToPath(new URL('../bin/trellis.js', import.meta.url)), 'serve', ...process.argv.slice(2)],
    ];
if (!binary) {
  process.stderr.write(
    'Electron is not installed here (its binary was not downloaded); serving the workbench in your browser instead.\n',
  );
}
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
