import type { StoreLogger } from '../../adapters/shared/store/index.js';

type Level = 'info' | 'warn' | 'error';
export interface LogLine {
  level: Level;
  msg: string;
  context: Record<string, unknown> | undefined;
}

/** A logger that keeps its lines and lets a test await the next one of a level (no polling, no sleeps). */
export function recordingLog(): { log: StoreLogger; lines: LogLine[]; next(level: Level): Promise<LogLine> } {
  const lines: LogLine[] = [];
  const waiters: { level: Level; resolve(line: LogLine): void }[] = [];
  const emit = (level: Level) => (msg: string, context?: Record<string, unknown>) => {
    const line = { level, msg, context };
    lines.push(line);
    for (const w of waiters.splice(0)) {
      if (w.level === level) w.resolve(line);
      else waiters.push(w);
    }
  };
  return {
    log: { info: emit('info'), warn: emit('warn'), error: emit('error') },
    lines,
    next(level) {
      return new Promise((resolve) => waiters.push({ level, resolve }));
    },
  };
}
