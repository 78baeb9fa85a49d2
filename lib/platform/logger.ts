/** One structured JSON logger; per-request keys are bound with `child`. */
import { readSetting } from './settings';
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
  child(keys: Record<string, unknown>): Logger;
}

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(keys: Record<string, unknown> = {}): Logger {
  const threshold = ORDER[readSetting('LOG_LEVEL') as Level] ?? ORDER.info;
  const write = (level: Level, msg: string, extra?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    const fields: Record<string, unknown> = { level, msg, time: new Date().toISOString(), ...keys };
    for (const [key, value] of Object.entries(extra ?? {})) fields[key] = describe(value);
    (level === 'error' || level === 'warn' ? console.error : console.log)(JSON.stringify(fields));
  };
  return {
    debug: (msg, extra) => write('debug', msg, extra),
    info: (msg, extra) => write('info', msg, extra),
    warn: (msg, extra) => write('warn', msg, extra),
    error: (msg, extra) => write('error', msg, extra),
    child: (more) => createLogger({ ...keys, ...more }),
  };
}

export const logger = createLogger({ service: 'seller-chat' });
