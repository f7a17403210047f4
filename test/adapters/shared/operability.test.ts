import { describe, expect, it } from 'vitest';
import { Gate } from '../../../adapters/shared/admission.js';
import { createHttpServer } from '../../../adapters/shared/http-server.js';
import { createLogger } from '../../../adapters/shared/log.js';
import { countingStore, createMetrics, sendMetrics } from '../../../adapters/shared/metrics.js';
import { RateLimiter } from '../../../adapters/shared/rate-limit.js';
import { currentRequestId } from '../../../adapters/shared/request-context.js';
import { WorkQueue } from '../../../adapters/shared/work-queue.js';
import { blockingJob, memoryStore } from '../support.js';

const ada = { platform: 'slack' as const, workspace: 'T1', userId: 'U1' };

describe('structured logs', () => {
  it('writes one JSON object per line with level, time, name and the context as fields, secrets redacted', () => {
    const lines: string[] = [];
    const secret = 'pass"word\\with-escapes';
    const log = createLogger({ name: 'slack', secrets: [secret], write: (l) => lines.push(l) });
    log.error(`failed with ${secret} and xoxb-1234-abcd`, { error: new TypeError(`bad ${secret}`), level: 'mine', count: 2 });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: 'error',
      name: 'slack',
      msg: 'failed with [redacted] and [redacted]',
      count: 2,
      ctx_level: 'mine',
    });
    expect(line.error).toMatchObject({ name: 'TypeError', message: 'bad [redacted]' });
    expect(new Date(line.time).toISOString()).toBe(line.time);
    expect(lines[0]).not.toContain('pass');
  });

  it('writes readable lines for a person at a terminal (the terminal chat), secrets redacted too', () => {
    const lines: string[] = [];
    const log = createLogger({ format: 'text', secrets: ['hunter22'], write: (l) => lines.push(l) });
    log.warn('the corpus has no papers', { file: 'empty.jsonl', token: 'hunter22' });
    expect(lines).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z warn the corpus has no papers \{"file":"empty.jsonl","token":"\[redacted\]"\}$/),
    ]);
  });

  it('gives every line written for one HTTP request, and the answer it queues, the same reqId (a proxy’s X-Request-Id kept)', async () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    const queue = new WorkQueue({ quietMs: 0 });
    const gate = new Gate(new RateLimiter({ burst: 5, perMinute: 20 }), queue, log);
    const server = createHttpServer({ log });
    const ids: (string | undefined)[] = [];
    server.mount('POST', '/ask', async (_req, res) => {
      const admission = await gate.admit(ada);
      log.info('admitted');
      res.end(admission.requestId);
      // Other work runs between: the queued job still logs with its own request's id.
      await queue.run(() => {
        ids.push(currentRequestId());
        log.info('answered');
      });
    });
    const port = await server.listen(0, '127.0.0.1');
    try {
      const ask = (id?: string) =>
        fetch(`http://127.0.0.1:${port}/ask`, { method: 'POST', headers: id ? { 'x-request-id': id } : {} }).then((r) => r.text());
      const [mine, fresh, bad] = await Promise.all([ask('lb-0123'), ask(), ask('no spaces allowed')]);
      expect(mine).toBe('lb-0123');
      expect(fresh).toMatch(/^[0-9a-f]{16}$/);
      expect(bad).toMatch(/^[0-9a-f]{16}$/);
      await expect.poll(() => ids.length).toBe(3);
      expect(new Set(ids)).toEqual(new Set([mine, fresh, bad]));
      const byId = (id: string) =>
        lines
          .map((l) => JSON.parse(l))
          .filter((l) => l.reqId === id)
          .map((l) => l.msg);
      for (const id of [mine, fresh, bad]) expect(byId(id)).toEqual(['admitted', 'answered']);
    } finally {
      await server.close();
    }
  });
});

describe('metrics', () => {
  it('counts questions, abstentions, latency, refusals and errors per platform, and reads the queue depth when scraped', async () => {
    const queue = new WorkQueue({ maxBacklog: 1 });
    const metrics = createMetrics({ queueDepth: () => queue.size, papers: () => 33, platforms: () => ({ slack: 'ok', discord: 'down' }) });
    const logged: string[] = [];
    const store = countingStore(memoryStore(), metrics, createLogger({ write: (l) => logged.push(l) }));
    store.logQuestion({ platform: 'slack', question: 'what is KIVI?', answered: true, latencyMs: 12 });
    store.logQuestion({ platform: 'discord', question: 'sourdough?', answered: false, abstentionReason: 'no-match', latencyMs: 3000 });
    // One line per question, without its text.
    expect(logged.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ msg: 'question answered', platform: 'slack', latencyMs: 12 }),
      expect.objectContaining({ msg: 'question abstained', platform: 'discord', reason: 'no-match', latencyMs: 3000 }),
    ]);
    expect(logged.join('\n')).not.toMatch(/KIVI|sourdough/);
    const errors = createLogger({ name: 'slack', write: () => {}, onError: () => metrics.error('slack') });
    errors.error('Slack request failed');
    const gate = new Gate(new RateLimiter({ burst: 1, perMinute: 20 }), queue, createLogger({ write: () => {} }), metrics);
    expect((await gate.admit(ada)).ok).toBe(true);
    expect((await gate.admit(ada)).ok).toBe(false);
    const { started } = blockingJob(queue);
    await started;

    const server = createHttpServer({ log: createLogger({ write: () => {} }) });
    server.mount('GET', '/metrics', (_req, res) => sendMetrics(res, metrics));
    const port = await server.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(text).toContain('citebot_questions_total{platform="slack",outcome="answered"} 1');
      expect(text).toContain('citebot_questions_total{platform="discord",outcome="abstained"} 1');
      expect(text).toContain('citebot_abstentions_total{platform="discord",reason="no-match"} 1');
      expect(text).toContain('citebot_answer_latency_seconds_bucket{le="0.025",platform="slack"} 1');
      expect(text).toContain('citebot_answer_latency_seconds_bucket{le="2.5",platform="discord"} 0');
      expect(text).toContain('citebot_answer_latency_seconds_bucket{le="5",platform="discord"} 1');
      expect(text).toContain('citebot_refused_questions_total{platform="slack",reason="rate-limited"} 1');
      expect(text).toContain('citebot_errors_total{platform="slack"} 1');
      expect(text).toContain('citebot_queue_depth 1');
      expect(text).toContain('citebot_corpus_papers 33');
      expect(text).toContain('citebot_platform_up{platform="discord"} 0');
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    } finally {
      await server.close();
    }
  });
});

describe('graceful stop', () => {
  it('drain resolves once every queued job has run, or says false when the time is up', async () => {
    const queue = new WorkQueue({ quietMs: 0 });
    expect(await queue.drain(10)).toBe(true);
    const { release, started } = blockingJob(queue);
    await started;
    const done: number[] = [];
    void queue.run(() => done.push(1));
    expect(await queue.drain(20)).toBe(false);
    const drained = queue.drain();
    release();
    expect(await drained).toBe(true);
    expect(done).toEqual([1]);
    expect(queue.size).toBe(0);
  });
});
