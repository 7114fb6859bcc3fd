// `npm start`: the Trellis window when Electron's binary is installed; otherwise
// say so in one line and serve the same workbench on loopback instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null; // the npm package is there, its binary was never downloaded
  }
}

const binary = electronBinary();
const [command, args] = binary
  ? [binary, [root, ...process.argv.slice(2)]]
  : [process.execPath, [fileURLToPath(new URL('../bin/trellis.js', import.meta.url)), 'serve', ...process.argv.slice(2)]];
if (!binary) {
  process.stderr.write('Electron is not installed here (its binary was not downloaded); serving the workbench in your browser instead.\n');
}
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
