import { isSecretVariable, maskCredentialShapes } from '../sandbox/command-environment';
import type { McpServerDefinition } from './mcp-types';

/** Shorter values would mask ordinary words; credential shapes are caught whatever their variable. */
const MIN_MASKED_LENGTH = 6;

/**
 * What a server prints (its stderr, in error sentences, session events, the window's Show log) with the secrets it
 * could know as `***`: the values of secret-looking variables and headers it was given, and anything shaped like a
 * credential. A server that echoes its API key on a crash must not write it into the session log.
 */
export function secretMasker(values: Record<string, string | undefined>): (text: string) => string {
  const secrets = Object.entries(values)
    .filter(([name, value]) => value && value.length >= MIN_MASKED_LENGTH && isSecretVariable(name, value))
    .map(([, value]) => value!)
    .sort((a, b) => b.length - a.length);
  return (text) => maskCredentialShapes(secrets.reduce((t, secret) => t.split(secret).join('***'), text));
}

/** The values one server is given: its own variables and headers, and those it names from Trellis's environment. */
export function serverSecretValues(definition: McpServerDefinition, env: NodeJS.ProcessEnv): Record<string, string> {
  const { transport } = definition;
  const named: Record<string, string | undefined> = {};
  if (transport.kind === 'stdio') for (const name of transport.envVars) named[name] = env[name];
  else {
    for (const [header, variable] of Object.entries(transport.envHeaders)) named[header] = env[variable];
    if (transport.bearerTokenEnvVar) named.Authorization = env[transport.bearerTokenEnvVar];
  }
  const own = transport.kind === 'stdio' ? transport.env : transport.headers;
  return Object.fromEntries(
    Object.entries({ ...named, ...own }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
