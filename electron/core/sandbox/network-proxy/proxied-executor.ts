import type { Executor, ExecRequest, ExecResult, SpawnedProcess, SpawnRequest } from '../executor';
import type { NetworkProxy, ProxyRefusal } from './network-proxy';

/**
 * An executor whose commands reach the network only through `proxy`: it
 * owns the proxy (closed on dispose) and tells the model and the person,
 * in plain words, which connections the proxy refused while a command ran.
 */
export class ProxiedExecutor implements Executor {
  readonly description: string;

  constructor(
    private readonly inner: Executor,
    private readonly proxy: NetworkProxy,
  ) {
    this.description = inner.description;
  }

  async run(request: ExecRequest): Promise<ExecResult> {
    const since = this.proxy.refusalCount;
    const result = await this.inner.run(request);
    const refused = this.proxy.refusalsSince(since);
    if (!refused.length || request.stdio === 'inherit') return result;
    const note = refusalNote(refused);
    const output = result.output && !result.output.endsWith('\n') ? `${result.output}\n` : result.output;
    return {
      ...result,
      output: `${output}${note}\n`,
      sandboxDenial: result.sandboxDenial ? `${result.sandboxDenial}\n${note}` : note,
    };
  }

  /** A long-lived process behind the same proxy (its refusals are the proxy's to log; no command result to note them in). */
  spawn(request: SpawnRequest): Promise<SpawnedProcess> {
    return this.inner.spawn(request);
  }

  async dispose(): Promise<void> {
    await this.inner.dispose?.();
    await this.proxy.close();
  }
}

/** One line per refused host (repeats folded), e.g. "The sandbox's network proxy refused example.org:443: not in the allowed hosts (github.com)." */
export function refusalNote(refused: ProxyRefusal[]): string {
  const seen = new Map<string, ProxyRefusal>();
  for (const r of refused) seen.set(`${r.host}:${r.port}`, r);
  return [...seen.values()]
    .map((r) => `The sandbox's network proxy refused ${r.host}:${r.port}: ${r.reason}.`)
    .join('\n');
}
