/** A small structured logger: one line per event on stderr, with secrets redacted. */
export interface Logger {
  info(msg: string, context?: Record<string, unknown>): void;
  warn(msg: string, context?: Record<string, unknown>): void;
  error(msg: string, context?: Record<string, unknown>): void;
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

/**
 * A logger writing `level message {context}` lines to a stream (stderr by default).
 * @param secrets values never to print (tokens, signing secrets)
 */
export function createLogger(options: { secrets?: string[]; write?: (line: string) => void; name?: string } = {}): Logger {
  const secrets = options.secrets ?? [];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const prefix = options.name ? `[${options.name}] ` : '';
  const emit = (level: string, msg: string, context?: Record<string, unknown>) => {
    let ctx = '';
    if (context && Object.keys(context).length > 0) {
      ctx = ` ${JSON.stringify(context, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v))}`;
    }
    write(redact(`${new Date().toISOString()} ${level} ${prefix}${msg}${ctx}`, secrets));
  };
  return {
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
  };
}
