/** Local Bot Connector simulator (issue 5 item 5). See server.ts for the API. */
export {
  startConnectorSimulator,
  type ConnectorAuth,
  type ConnectorSimulator,
  type ConnectorSimulatorOptions,
  type ConnectorStats,
  type MessageWait,
  type RecordedDeletion,
  type RecordedMessage,
  type RejectedRequest,
  type RequestLogEntry,
} from "./server.js";
export { TEAMS_LIMITS, SlidingWindowLimiter, type Admission, type ConnectorLimits, type RateWindow } from "./limits.js";
export { MESSAGE_WRITES, type ConnectorOp, type FaultRule, type FaultStatus } from "./faults.js";
export type { Activity, ChannelAccount, ConversationParameters, TeamsMember } from "./schemas.js";
export type { ConversationSeed, TeamSeed } from "./state.js";
