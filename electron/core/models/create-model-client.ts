import type { ModelClient } from './model-client';
import type { ProviderConnection } from './provider-connection';

/**
 * The adapter for a provider's wire API. Each SDK is loaded only when used:
 * importing both costs a headless run about a third of a second.
 */
export async function createModelClient(connection: ProviderConnection): Promise<ModelClient> {
  switch (connection.wireApi) {
    case 'responses':
      return new (await import('./openai-responses')).OpenAIResponsesClient(connection);
    case 'chat':
      return new (await import('./openai-chat')).OpenAIChatClient(connection);
    case 'anthropic':
      return new (await import('./anthropic-messages')).AnthropicMessagesClient(connection);
  }
}
