// Public entry point for tests and benches: import from 'e2e/mock-model' (this file), not the modules.
export { startMockModel, type MockModelServer, type RecordedRequest } from './server';
export {
  parseScenario,
  callId,
  anthropicToolUseId,
  type MockScenario,
  type MockBranch,
  type MockTurn,
  type MockItem,
  type MockFailure,
  type MockUsage,
} from './scenario';
export { turnIndex, conversationKey, type MockApi } from './turn-index';
