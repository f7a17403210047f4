/**
 * Why `WorkQueue` waits for a quiet spell: 1,000 simultaneous connections to a plain Node HTTP server (no Bolt,
 * no citebot) that acks each request at once and then runs a CPU-bound job of --job-ms through a work queue.
 * Prints ack latency and when the server accepted the connections, for --runs runs of each mode:
 *   busy   jobs back to back, one per event-loop turn (WorkQueue without the quiet spell)
 *   quiet  the adapters' WorkQueue, told of each arrival
 *   idle   no CPU work at all
 *
 *   npx tsx test/bench/accept-burst.ts --runs 4
 *
 * Seen on the 2-core VM (Node 20.20): in about half the busy runs the last 10-15% of connections were accepted
 * 1-4.7 s late (so their acks missed Slack's 3 s) while no TCP drop counter moved; quiet and idle runs stayed
 * under 0.7 s. The server runs in a child process so its CPU work cannot delay this client's clocks.
 */
import { fork } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WorkQueue } from '../../adapters/shared/work-queue.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '4' },
    'job-ms': { type: 'string', default: '10' },
    connections: { type: 'string', default: '1000' },
    server: { type: 'string' },
  },
});
const jobMs = Number(values['job-ms']);

if (values.server) {
  const mode = values.server;
  const queue = new WorkQueue(mode === 'busy' ? { quietMs: 0, maxQuietWaitMs: 0 } : {});
  const accepted: number[] = [];
  const server = createServer((req, res) => {
    queue.noteArrival();
    req.resume();
    req.on('end', () => {
      res.end('ok');
      if (mode === 'idle') return;
      void queue.run(() => {
        const until = performance.now() + jobMs;
        while (performance.now() < until); // an answer's CPU work
      });
    });
  });
  server.on('connection', () => {
    queue.noteArrival();
    accepted.push(performance.timeOrigin + performance.now());
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on('message', () => {
    process.send!({ accepted });
    setTimeout(() => process.exit(0), 100);
  });
} else {
  const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
  console.log(
    '| mode | run | ack p50 ms | ack p99 ms | ack max ms | accepted p50 ms | p90 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (let run = 1; run <= Number(values.runs); run++) {
    for (const mode of ['busy', 'quiet', 'idle']) {
      const child = fork(fileURLToPath(import.meta.url), ['--server', mode, '--job-ms', String(jobMs)], { execArgv: ['--import', 'tsx'] });
      const { port } = await new Promise<{ port: number }>((r) => child.once('message', (m) => r(m as { port: number })));
      const agent = new Agent({ keepAlive: true, maxSockets: Number(values.connections) });
      const t0 = performance.timeOrigin + performance.now();
      const acks = await Promise.all(
        Array.from(
          { length: Number(values.connections) },
          () =>
            new Promise<number>((resolve) => {
              const start = performance.now();
              const r = request({ port, host: '127.0.0.1', method: 'POST', path: '/', agent, headers: { 'content-length': 2 } }, (res) => {
                res.resume();
                res.on('end', () => resolve(performance.now() - start));
              });
              r.end('hi');
            }),
        ),
      );
      child.send('report');
      const { accepted } = await new Promise<{ accepted: number[] }>((r) => child.once('message', (m) => r(m as { accepted: number[] })));
      agent.destroy();
      const a = acks.sort((x, y) => x - y);
      const c = accepted.map((x) => x - t0).sort((x, y) => x - y);
      console.log(
        `| ${mode} | ${run} | ${pct(a, 0.5).toFixed(0)} | ${pct(a, 0.99).toFixed(0)} | ${a[a.length - 1]!.toFixed(0)} | ${pct(c, 0.5).toFixed(0)} | ${pct(c, 0.9).toFixed(0)} | ${c[c.length - 1]!.toFixed(0)} |`,
      );
    }
  }
}
