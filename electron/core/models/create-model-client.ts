import { AnthropicMessagesClient } from './anthropic-messages';
import type { ModelClient } from './model-client';
import { OpenAIChatClient } from './openai-chat';
import { OpenAIResponsesClient } from './openai-responses';
import type { ProviderConnection } from './provider-connection';

export function createModelClient(connection: ProviderConnection): ModelClient {
  switch (connection.wireApi) {
    case 'responses':
      return new OpenAIResponsesClient(connection);
    case 'chat':
      return new OpenAIChatClient(connection);
    case 'anthropic':
      return new AnthropicMessagesClient(connection);
  }
}
