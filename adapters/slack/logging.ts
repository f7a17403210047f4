import { inspect } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger, redact } from '../shared/log.js';

/**
 * A logger that removes the given secrets (and anything token-shaped) from messages and context before
 * passing them on, whatever logger it wraps.
 */
export function redactingLogger(log: Logger, secrets: readonly (string | undefined)[]): Logger {
  const values = secrets.filter((s): s is string => Boolean(s && s.length >= 6));
  const clean = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return redact(v, values);
    if (v instanceof Error)
      return { name: v.name, message: redact(v.message, values), ...(v.stack ? { stack: redact(v.stack, values) } : {}) };
    if (depth > 4 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => clean(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x, depth + 1)]));
  };
  const wrap = (level: keyof Logger) => (msg: string, context?: Record<string, unknown>) =>
    log[level](redact(msg, values), context ? (clean(context) as Record<string, unknown>) : undefined);
  return { info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

/**
 * Bolt's logger interface over ours: Bolt's warnings and errors (rejected signatures, failed API calls)
 * reach our log, redacted; its debug and info chatter is dropped.
 */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.WARN;
  let name = 'bolt';
  const text = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : inspect(p, { depth: 2 }))).join(' ');
  return {
    debug: () => {},
    info: (...msg: unknown[]) => {
      if (level === LogLevel.INFO || level === LogLevel.DEBUG) log.info(`${name}: ${text(msg)}`);
    },
    warn: (...msg: unknown[]) => {
      if (level !== LogLevel.ERROR) log.warn(`${name}: ${text(msg)}`);
    },
    error: (...msg: unknown[]) => log.error(`${name}: ${text(msg)}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  };
}
