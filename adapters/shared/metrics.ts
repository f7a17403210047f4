import type { ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from './log.js';
import type { QuestionLogEntry, Store } from './store/index.js';

/**
 * The bot's Prometheus metrics (prom-client), served on `GET /metrics`. Each replica has its own registry; a
 * Prometheus server scrapes every replica and sums them (`sum by (platform) (rate(citebot_questions_total[5m]))`).
 */
export interface Metrics {
  readonly registry: Registry;
  /** One question answered (or abstained on), from arrival to answer ready. */
  question(platform: string, answered: boolean, abstentionReason: string | null | undefined, latencyMs: number): void;
  /** A question refused before it was queued: `rate-limited` or `backlog-full`. */
  refused(platform: string, reason: string): void;
  /** An error line was logged by this part of the bot (a platform, `http`, `store`…). */
  error(source: string): void;
}

/** What the gauges read when scraped. */
export interface MetricSources {
  /** Questions waiting or being answered (the work queue's `size`). */
  queueDepth(): number;
  /** Papers the bot answers from now. */
  papers(): number;
  /** Each platform's state, as `/healthz` reports it (`ok` counts as up). */
  platforms(): Record<string, string>;
}

/**
 * Latency buckets in seconds: answers take 2–10 ms at 136k papers, a queue under a flood adds up to seconds, and
 * Slack's and Discord's 3-second acknowledgement is the line that matters.
 */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Create the metrics, with Node's process metrics (`process_*`, `nodejs_*`: memory, event-loop lag, GC). */
export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const questions = new Counter({
    name: 'citebot_questions_total',
    help: 'Questions answered or abstained on, by platform and outcome (answered, abstained).',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  const abstentions = new Counter({
    name: 'citebot_abstentions_total',
    help: 'Questions no paper covered, by platform and reason (no-match, weak-match, no-searchable-terms).',
    labelNames: ['platform', 'reason'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'citebot_answer_latency_seconds',
    help: 'From a question’s arrival to its answer being ready (queue wait included), by platform.',
    labelNames: ['platform'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'citebot_refused_questions_total',
    help: 'Questions refused before being queued, by platform and reason (rate-limited, backlog-full).',
    labelNames: ['platform', 'reason'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'citebot_errors_total',
    help: 'Error lines logged, by the part of the bot that logged them (discord, slack, http, store, citebot).',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'citebot_queue_depth',
    help: 'Questions waiting or being answered in this replica’s answer queue.',
    registers: [registry],
    collect() {
      this.set(sources.queueDepth());
    },
  });
  new Gauge({
    name: 'citebot_corpus_papers',
    help: 'Papers this replica answers from.',
    registers: [registry],
    collect() {
      this.set(sources.papers());
    },
  });
  new Gauge({
    name: 'citebot_platform_up',
    help: '1 while the platform is serving (what /healthz reports as ok), else 0.',
    labelNames: ['platform'] as const,
    registers: [registry],
    collect() {
      for (const [platform, state] of Object.entries(sources.platforms())) this.set({ platform }, state === 'ok' ? 1 : 0);
    },
  });
  return {
    registry,
    question(platform, answered, reason, latencyMs) {
      questions.inc({ platform, outcome: answered ? 'answered' : 'abstained' });
      if (!answered) abstentions.inc({ platform, reason: reason ?? 'unknown' });
      latency.observe({ platform }, Math.max(0, latencyMs) / 1000);
    },
    refused: (platform, reason) => refusals.inc({ platform, reason }),
    error: (source) => errors.inc({ platform: source }),
  };
}

/** Answer a scrape in Prometheus' text format. */
export async function sendMetrics(res: ServerResponse, metrics: Metrics): Promise<void> {
  const body = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The store, counting every question it is given to log (every platform's answers pass through `logQuestion`, with
 * logging on or off) before passing it on, and writing one log line per question (with its request's `reqId`; no
 * question text, no user) when given a logger.
 */
export function countingStore(store: Store, metrics: Metrics, log?: Logger): Store {
  return {
    engine: store.engine,
    get logsQuestions() {
      return store.logsQuestions;
    },
    logQuestion(entry: QuestionLogEntry) {
      metrics.question(entry.platform, entry.answered, entry.abstentionReason, entry.latencyMs);
      const answerId = store.logQuestion(entry);
      log?.info(entry.answered ? 'question answered' : 'question abstained', {
        platform: entry.platform,
        workspace: entry.workspace ?? '',
        ...(entry.answered ? {} : { reason: entry.abstentionReason ?? 'unknown' }),
        latencyMs: Math.round(entry.latencyMs),
        answerId,
      });
      return answerId;
    },
    recordFeedback: (vote) => store.recordFeedback(vote),
    flush: () => store.flush(),
    report: (options) => store.report(options),
    purge: (now) => store.purge(now),
    health: () => store.health(),
    close: () => store.close(),
  };
}
