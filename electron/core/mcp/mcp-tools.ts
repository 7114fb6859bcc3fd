import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isToolOutput, parseArguments, type Tool, type ToolContext, type ToolOutput } from '../tools/tool';
import { decideMcpApproval } from './mcp-approval';
import { resultText } from './mcp-result-text';
import type { McpManager, McpToolInfo } from './mcp-types';

/**
 * The connected servers' tools as loop tools, under `mcp__<server>__<tool>`. Asked for again before each model
 * request: a server that restarts or says its list changed changes what the model is offered next.
 */
export function mcpTools(manager: McpManager): Tool[] {
  return manager
    .tools()
    .filter((info) => info.enabled)
    .map((info) => mcpTool(manager, info));
}

export function mcpTool(manager: McpManager, info: McpToolInfo): Tool {
  return {
    spec: {
      kind: 'function',
      name: info.qualifiedName,
      description: info.description?.trim() || `The ${info.name} tool of the MCP server ${info.server}.`,
      parameters: providerSchema(info.inputSchema),
    },
    // The server's word: plan mode runs it only when the server says it only reads.
    readOnly: info.annotations?.readOnlyHint === true,
    run: (input, context) => callMcpTool(manager, info, input, context),
  };
}

/**
 * The server's input schema in a shape every provider accepts: an object schema at the top (OpenAI and Anthropic
 * refuse anything else, and OpenAI refuses top-level combinators), without `$schema`, which some providers reject.
 */
export function providerSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const copy = withoutSchemaKeys(schema) as Record<string, unknown>;
  for (const key of ['oneOf', 'anyOf', 'allOf', 'not', 'enum', 'const']) delete copy[key];
  const properties = copy.properties;
  return {
    ...copy,
    type: 'object',
    properties: typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? properties : {},
  };
}

/** Keywords whose value maps names (of properties, definitions) to schemas: the names are the server's own. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

function withoutSchemaKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSchemaKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '$schema')
      .map(([key, inner]) => [key, SCHEMA_MAPS.has(key) ? schemaMap(inner) : withoutSchemaKeys(inner)]),
  );
}

function schemaMap(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, withoutSchemaKeys(schema)]));
}

async function callMcpTool(
  manager: McpManager,
  info: McpToolInfo,
  input: string,
  context: ToolContext,
): Promise<ToolOutput> {
  const args = parseArguments<Record<string, unknown>>(input, (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : `The arguments of ${info.qualifiedName} must be a JSON object.`,
  );
  if (isToolOutput(args)) return args;
  const argumentsText = JSON.stringify(args);
  const allowed = await approve(manager, info, argumentsText, context);
  if (allowed !== true) return { output: allowed, isError: true };

  const { turn, callId } = context;
  const call = { server: info.server, tool: info.name, arguments: argumentsText };
  await context.emit({ type: 'mcp.call.started', turn, callId, ...call });
  const started = performance.now();
  // A signal of its own for each call, following the turn's: the SDK leaves its abort listener on the signal it is
  // given, and a turn of many calls would pile them up on the turn's signal.
  const callSignal = new AbortController();
  const abort = () => callSignal.abort(context.signal.reason);
  if (context.signal.aborted) abort();
  else context.signal.addEventListener('abort', abort, { once: true });
  let result: CallToolResult;
  try {
    result = await manager.callTool(info.server, info.name, args, { signal: callSignal.signal });
  } catch (err) {
    // The manager answers a server's failure as an error result; anything thrown still reaches the model as one.
    result = { content: [{ type: 'text', text: `The MCP call failed: ${(err as Error).message}` }], isError: true };
  } finally {
    context.signal.removeEventListener('abort', abort);
  }
  const output = resultText(result, context.maxLoggedExecOutputBytes);
  const isError = result.isError === true;
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  await context.emit({ type: 'mcp.call.completed', turn, callId, ...call, durationMs, isError, output });
  return { output, isError };
}

/** true when the call may run; otherwise the sentence the model gets instead of a result. */
async function approve(
  manager: McpManager,
  info: McpToolInfo,
  argumentsText: string,
  context: ToolContext,
): Promise<true | string> {
  const definition = manager.states().find((s) => s.name === info.server)?.definition;
  // A server that is gone has no definition left to judge by: its call answers "unavailable" from the manager.
  if (!definition) return true;
  const canAsk = context.canAsk ?? false;
  const outcome = decideMcpApproval({
    definition,
    tool: info.name,
    annotations: info.annotations,
    approvalPolicy: context.approvalPolicy,
    sandboxMode: context.sandboxMode,
    canAsk,
  });
  if (outcome.kind === 'run') return true;
  // Under `never` nobody answers, not even exec's --trust-tools: the policy says so.
  if (outcome.kind === 'refuse' && context.approvalPolicy === 'never') return outcome.message;
  const { turn, callId, cwd } = context;
  const reason = outcome.kind === 'ask' ? outcome.reason : outcome.message;
  const command = summary(info, argumentsText);
  const mcp = { server: info.server, tool: info.name, annotations: info.annotations, arguments: argumentsText };
  const remember = outcome.kind === 'ask' && outcome.remember;
  const decision = await context.approvals.decide(
    {
      callId,
      command,
      cwd,
      reason,
      // `prompt` asks every time: a key no later call shares is never found remembered.
      rememberAs: remember ? `mcp:${info.server}/${info.name}` : `mcp-once:${callId}`,
      mcp: { ...mcp, qualifiedName: info.qualifiedName },
    },
    () =>
      context.emit({
        type: 'approval.requested',
        turn,
        callId,
        command,
        cwd,
        reason,
        subject: 'mcp-tool',
        mcp,
        ...(remember ? {} : { rememberable: false }),
      }),
  );
  await context.emit({ type: 'approval.decided', turn, callId, decision });
  if (decision !== 'denied') return true;
  // Where nobody can be asked, exec's automatic answer stands for the setting that would allow the call.
  if (outcome.kind === 'refuse') return outcome.message;
  return `You denied the call of the MCP tool ${info.name} of server ${info.server}. Do not retry it unchanged; find another way or explain what you need.`;
}

/** One line a person reads in an approval: server/tool and the arguments, shortened. */
function summary(info: McpToolInfo, argumentsText: string): string {
  const line = `${info.server}/${info.name} ${argumentsText}`.replace(/\s+/g, ' ');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
