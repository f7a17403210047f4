import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The nginx binary: `CITEBOT_NGINX`, else Debian's /usr/sbin/nginx, else one on PATH; undefined when none. */
export function findNginx(): string | undefined {
  const candidates = [
    process.env.CITEBOT_NGINX?.trim(),
    '/usr/sbin/nginx',
    ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'nginx')),
  ];
  return candidates.find((c): c is string => Boolean(c && existsSync(c)));
}

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once something accepts connections on the port (nginx has no readiness signal with `daemon off`). */
async function untilListening(port: number, exited: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (exited() || performance.now() > until) throw new Error(`nginx did not listen on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The load balancer the README's "Running several replicas" section describes, on loopback: round robin over the
 * replicas, a request id for each request, and a request retried on the next replica when the one it went to failed
 * before answering: refused the connection (it is stopping), or reset it (the kernel had queued the connection in the
 * instant the listener closed, so the replica never read the request). `non_idempotent` lets nginx retry the POSTs
 * Slack and Discord send: a stopping replica answers every request it has read, so a retried one was not handled
 * (README: which requests are safe to retry). Each response says which replica served it (`X-Upstream`), for the
 * tests. No upstream keep-alive: a request is never sent on an idle connection a stopping replica is closing.
 */
export function nginxConfig(dir: string, listenPort: number, upstreams: readonly number[]): string {
  const servers = upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join('\n');
  const proxy = `      proxy_pass http://citebot;
      proxy_set_header Host $host;
      proxy_set_header X-Request-Id $request_id;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_connect_timeout 1s;
      proxy_read_timeout 10s;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 2;
      add_header X-Upstream $upstream_addr always;`;
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  upstream citebot {
${servers}
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
${proxy}
    }
  }
}
`;
}

/** A running nginx. */
export interface Nginx {
  url: string;
  errorLog(): string;
  stop(): Promise<void>;
}

/** Start nginx in the foreground with a generated config in a temporary folder. */
export async function startNginx(binary: string, upstreams: readonly number[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'citebot-nginx-'));
  // Run as root (CI), nginx's workers drop to nobody: they must reach the folder.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'tmp'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreams));
  // -e: the error log from the start (before the config is read Debian's default /var/log/nginx needs root).
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const errorLog = () => {
    try {
      return `${stderr}${readFileSync(join(dir, 'error.log'), 'utf8')}`;
    } catch {
      return stderr;
    }
  };
  try {
    await untilListening(port, () => exited);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}: ${errorLog()}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    errorLog,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
