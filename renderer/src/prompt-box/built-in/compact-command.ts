import { api } from '../../state/api-instance';
import type { BuiltInContext } from '../commands';

/** `/compact`: the model summarises the conversation so far; the transcript shows the marker when it is done. */
export async function compactSession(_args: string, { session }: BuiltInContext): Promise<string | null> {
  const { sessionId, running } = session.getState();
  if (!sessionId) return 'There is no conversation to compact yet.';
  if (running) return 'The agent is working; stop it or wait, then compact.';
  const result = await api().request('session.compact', { sessionId });
  return result.ok ? null : result.error.message;
}
