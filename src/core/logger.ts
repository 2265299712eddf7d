import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** The service's structured JSON logger (pino); every request's lines carry its `reqId`. */
export function createLogger({ level = 'info', destination }: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const options = { level, base: { service: 'citywork' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
