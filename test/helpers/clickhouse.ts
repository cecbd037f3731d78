/**
 * A real ClickHouse cluster for tests and benchmarks: two `clickhouse-server` processes on loopback, each
 * with its own config and data folder under a temp folder, and a `remote_servers` entry (`deportwatch`)
 * naming both as shards, so Distributed tables span two real servers. Started and stopped by the test
 * (or bench) that needs it; tests skip visibly, with the reason, when the server binary is absent
 * (Debian: `apt-get install clickhouse-server`, listed in .ci/needs-apt.txt).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export const CLICKHOUSE_SERVER = ['/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server'].find((p) => existsSync(p)) ?? null;

export interface ClusterShard {
  httpPort: number;
  tcpPort: number;
  dir: string;
  process: ChildProcess;
}

export interface Cluster {
  /** clickhouse://default@127.0.0.1:<port>/<db>?cluster=deportwatch&shards=… — what `--engine` takes. */
  url(database?: string): string;
  shards: ClusterShard[];
  dir: string;
  /** Stops shard i (SIGKILL), to test a shard down. */
  killShard(i: number): void;
  /** Starts shard i again after killShard, and waits for it. */
  restartShard(i: number): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function configXml(dir: string, httpPort: number, tcpPort: number, shards: { tcpPort: number }[], compression: 'lz4' | 'zstd'): string {
  const remote = shards.map((s) => `<shard><replica><host>127.0.0.1</host><port>${s.tcpPort}</port></replica></shard>`).join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>0</uncompressed_cache_size>
  <remote_servers><deportwatch>${remote}</deportwatch></remote_servers>
${compression === 'zstd' ? '  <compression><case><min_part_size>0</min_part_size><min_part_size_ratio>0</min_part_size_ratio><method>zstd</method></case></compression>\n' : ''}</yandex>
`;
}

/**
 * Users: `default` (writes, DDL) and `reader`, whose profile is what user SQL runs under: readonly = 1
 * (no writes, no SET of other settings, no DDL), time and memory limits. The table functions that reach
 * files and URLs (file, url, remote, mysql, odbc, jdbc) need readonly = 0 or CREATE TEMPORARY TABLE
 * rights, which readonly = 1 denies.
 */
export const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default><max_memory_usage>4000000000</max_memory_usage><log_queries>0</log_queries></default>
    <readonly>
      <readonly>1</readonly>
      <max_execution_time>3</max_execution_time>
      <max_memory_usage>1000000000</max_memory_usage>
      <max_result_rows>100000</max_result_rows>
      <result_overflow_mode>break</result_overflow_mode>
    </readonly>
  </profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
    <reader><password></password><networks><ip>127.0.0.1</ip></networks><profile>readonly</profile><quota>default</quota></reader>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

function launch(dir: string): ChildProcess {
  const child = spawn(CLICKHOUSE_SERVER!, [`--config-file=${dir}/config.xml`], { cwd: dir, stdio: 'ignore', detached: false });
  child.on('error', () => undefined);
  return child;
}

async function waitReady(httpPort: number, child: ChildProcess, dir: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`clickhouse-server on port ${httpPort} exited with ${child.exitCode}; see ${dir}/error.log`);
    try {
      const r = await fetch(`http://127.0.0.1:${httpPort}/ping`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`clickhouse-server on port ${httpPort} did not answer within ${timeoutMs} ms; see ${dir}/error.log`);
}

/** Starts `n` servers (default two) as one cluster named `deportwatch`; `compression`: the servers' method for every part (18.16 has no per-column codecs). */
export async function startCluster(n = 2, options: { compression?: 'lz4' | 'zstd' } = {}): Promise<Cluster> {
  if (!CLICKHOUSE_SERVER) throw new Error('clickhouse-server is not installed (Debian: apt-get install clickhouse-server)');
  const root = mkdtempSync(join(tmpdir(), 'dw-clickhouse-'));
  const ports = [];
  for (let i = 0; i < n; i++) ports.push({ httpPort: await freePort(), tcpPort: await freePort() });
  const shards: ClusterShard[] = [];
  for (const [i, p] of ports.entries()) {
    const dir = join(root, `shard${i + 1}`);
    for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'config.xml'), configXml(dir, p.httpPort, p.tcpPort, ports, options.compression ?? 'lz4'));
    writeFileSync(join(dir, 'users.xml'), USERS_XML);
    shards.push({ ...p, dir, process: launch(dir) });
  }
  const stopAll = () => { for (const s of shards) if (s.process.exitCode === null) s.process.kill('SIGKILL'); };
  process.once('exit', stopAll);
  try {
    await Promise.all(shards.map((s) => waitReady(s.httpPort, s.process, s.dir)));
  } catch (error) {
    stopAll();
    throw error;
  }
  const shardList = shards.map((s) => `127.0.0.1:${s.httpPort}`).join(',');
  return {
    dir: root,
    shards,
    url: (database = 'deportwatch') => `clickhouse://default@127.0.0.1:${shards[0].httpPort}/${database}?cluster=deportwatch&shards=${shardList}`,
    killShard(i) { shards[i].process.kill('SIGKILL'); },
    async restartShard(i) {
      const s = shards[i];
      if (s.process.exitCode === null && s.process.signalCode === null) await new Promise((r) => s.process.once('exit', r));
      s.process = launch(s.dir);
      await waitReady(s.httpPort, s.process, s.dir);
    },
    async stop() {
      await Promise.all(shards.map((s) => new Promise<void>((resolve) => {
        if (s.process.exitCode !== null || s.process.signalCode !== null) return resolve();
        s.process.once('exit', () => resolve());
        s.process.kill('SIGTERM');
        setTimeout(() => s.process.kill('SIGKILL'), 5000).unref();
      })));
      process.removeListener('exit', stopAll);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The cluster for a test file, or null after marking the test skipped (no server binary). */
export async function clusterFor(t: TestContext): Promise<Cluster | null> {
  if (!CLICKHOUSE_SERVER) {
    t.skip('needs clickhouse-server (Debian package clickhouse-server), which is not installed here');
    return null;
  }
  return startCluster(2);
}

/** The server's version, e.g. "18.16.1". */
export function clickhouseServerVersion(): string | null {
  if (!CLICKHOUSE_SERVER) return null;
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'clickhouse-server'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
}
