import os from 'node:os';
import path from 'node:path';

/** Where Trellis keeps its config, state and sessions: $TRELLIS_HOME or ~/.trellis. */
export function trellisHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TRELLIS_HOME?.trim();
  return fromEnv ? path.resolve(fromEnv) : path.join(os.homedir(), '.trellis');
}
