import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs; turn handlers add activityId / conversationId via child loggers. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return destination ? pino({ level, base: { app: "opsco-bot" } }, destination as never) : pino({ level, base: { app: "opsco-bot" } });
}
