// Runs the mock model for benches and manual runs:
//   tsx e2e/mock-model/cli.ts --scenario file.json [--port N]
// Prints the URL on stdout (one line, so scripts can read it) and serves until SIGINT/SIGTERM.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseScenario } from './scenario';
import { startMockModel } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scenario: { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  if (!values.scenario) throw new Error('usage: tsx e2e/mock-model/cli.ts --scenario file.json [--port N]');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new Error(`--port must be an integer between 0 and 65535, got ${values.port}`);
  }

  const scenario = parseScenario(JSON.parse(await readFile(values.scenario, 'utf8')));
  const server = await startMockModel(scenario, { port });
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(
    `mock-model: ${scenario.turns.length} turn(s); OpenAI baseURL ${server.url}/v1, Anthropic baseURL ${server.url}\n`,
  );

  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
