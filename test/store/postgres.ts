import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster on 127.0.0.1, in a temporary folder, for one test file. */
export interface TestCluster {
  port: number;
  /** A new empty database; returns its URL. */
  createDatabase(): Promise<string>;
  /** Stop the server (fast shutdown: connections are cut), as an outage would. */
  stop(): Promise<void>;
  /** Start it again on the same port. */
  start(): Promise<void>;
  /** Stop it and delete its folder. */
  destroy(): Promise<void>;
}

/**
 * The folder holding initdb and pg_ctl: `CITEBOT_PG_BIN`, else the newest /usr/lib/postgresql/N/bin (Debian).
 * Missing binaries fail the tests (in CI and out of it); the message says how to install them.
 */
export function findPostgresBin(): string {
  const fromEnv = process.env.CITEBOT_PG_BIN?.trim();
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  const how =
    process.env.CI === 'true'
      ? 'CI must provide them: run `bash .ci/postgres.sh` (it installs Debian’s postgresql package) before the tests'
      : 'install them with `sudo apt-get install postgresql` (Debian/Ubuntu), or set CITEBOT_PG_BIN to the folder holding initdb and pg_ctl';
  throw new Error(`The store tests need a PostgreSQL server, but no initdb was found (CITEBOT_PG_BIN, ${root}/*/bin): ${how}.`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Start a cluster: initdb (as the `postgres` user when we are root, as PostgreSQL refuses to run as root). */
export async function startTestCluster(): Promise<TestCluster> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'citebot-pg-'));
  const asRoot = process.getuid?.() === 0;
  const postgresUser = () => run('id', ['-u', 'postgres']).then((r) => Number(r.stdout.trim()));
  if (asRoot) {
    const uid = await postgresUser();
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const data = join(dir, 'data');
  await pgRun('initdb', ['-D', data, '--no-sync', '-A', 'trust', '-U', 'postgres', '--no-instructions']);
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections=40`;
  const start = async () => {
    await pgRun('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
  };
  const stop = async (mode = 'fast') => {
    await pgRun('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
  };
  await start();
  let n = 0;
  return {
    port,
    async createDatabase() {
      const name = `t${++n}`;
      const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop: () => stop('fast'),
    start,
    async destroy() {
      await stop('immediate').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
