import { pino } from 'pino';
import { currentRequestId } from './request-context.js';

/**
 * Structured logging: one JSON object per line on stderr (pino), with secrets redacted, e.g.
 * `{"level":"info","time":"2026-12-01T12:00:00.000Z","pid":7,"hostname":"replica-1","name":"slack","reqId":"4f…","msg":"…"}`.
 * A line written while a request is served carries its `reqId` (see `request-context.ts`); `context` keys become fields.
 */
export interface Logger {
  info(msg: string, context?: Record<string, unknown>): void;
  warn(msg: string, context?: Record<string, unknown>): void;
  error(msg: string, context?: Record<string, unknown>): void;
}

/** Options for `createLogger`. */
export interface LoggerOptions {
  /** Values never to print (tokens, signing secrets, the database password); 6 characters or longer. */
  secrets?: string[];
  /** Where each line goes (without its newline). Default: stderr, written synchronously so nothing is lost at exit. */
  write?: (line: string) => void;
  /** The part of the bot writing (`slack`, `discord`, `store`): the line's `name`. */
  name?: string;
  /** Called for every error line (the metrics count them per platform). */
  onError?: () => void;
  /**
   * `json` (default): pino's JSON lines, for a running bot. `text`: `time level [name] message {context}`, for a person
   * at a terminal (the terminal chat).
   */
  format?: 'json' | 'text';
}

const SECRET_PATTERNS = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /[MN][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}/g, // Discord bot tokens
];

/** Replace anything that looks like a token, and each given secret, with "[redacted]". */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join('[redacted]');
  for (const re of SECRET_PATTERNS) out = out.replace(re, '[redacted]');
  return out;
}

/** Fields pino writes itself; a context key of the same name is written as `ctx_<key>` instead of clobbering it. */
const RESERVED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'reqId']);

/** Errors anywhere in a context (pino serialises only a top-level `err`) as `{name, message, stack, code}`. */
function plain(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code !== undefined ? { code } : {}), stack: value.stack };
  }
  if (depth >= 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, depth + 1)]));
}

function fields(context: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!context) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context)) out[RESERVED.has(k) ? `ctx_${k}` : k] = plain(v);
  return out;
}

/**
 * A logger writing JSON lines (pino) to stderr, or to `write`. Secrets are removed from the finished line, in their
 * JSON-escaped form too, so neither a message nor a context value (a driver's error quoting a URL) can leak one.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const hidden = [...new Set([...secrets, ...secrets.map((s) => JSON.stringify(s).slice(1, -1))])];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const destination = {
    write(chunk: string) {
      write(redact(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk, hidden));
    },
  };
  const base = pino(
    {
      level: 'info',
      ...(options.name ? { name: options.name } : {}),
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
    },
    destination,
  );
  const onError = options.onError;
  if (options.format === 'text') return textLogger(options.name, (line) => write(redact(line, hidden)), onError);
  return {
    info: (msg, context) => base.info(fields(context), msg),
    warn: (msg, context) => base.warn(fields(context), msg),
    error: (msg, context) => {
      onError?.();
      base.error(fields(context), msg);
    },
  };
}

/** The `text` format: one readable line per event. */
function textLogger(name: string | undefined, write: (line: string) => void, onError: (() => void) | undefined): Logger {
  const prefix = name ? `[${name}] ` : '';
  const emit = (level: string, msg: string, context?: Record<string, unknown>) => {
    const ctx = context && Object.keys(context).length > 0 ? ` ${JSON.stringify(plain(context))}` : '';
    const reqId = currentRequestId();
    write(`${new Date().toISOString()} ${level} ${prefix}${msg}${ctx}${reqId ? ` (request ${reqId})` : ''}`);
  };
  return {
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => {
      onError?.();
      emit('error', m, c);
    },
  };
}
