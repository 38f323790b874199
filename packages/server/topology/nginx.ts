import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './processes.js';

/**
 * nginx as the load balancer of the topology test: Debian's package (installed on demand by
 * scripts/ensure-nginx.mjs), run as the test's own foreground process with its own prefix and
 * configuration in a temporary folder, on 127.0.0.1 only. The system service is never touched.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Nginx {
  url: string;
  /** The configuration nginx ran with (docs/deploy.md shows the same shape). */
  conf: string;
  log(): string;
  stop(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1, made now with openssl. */
export function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  const made = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert,
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.stderr}`);
  return { cert, key };
}

export function ensureNginx(): string {
  const found = spawnSync(process.execPath, ['scripts/ensure-nginx.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (found.status !== 0) throw new Error('nginx is missing and could not be installed (scripts/ensure-nginx.mjs)');
  return readFileSync(join(ROOT, 'reports', 'nginx-path'), 'utf8').trim();
}

export interface NginxOptions {
  dir: string;
  port: number;
  upstreams: string[];
  tls: { cert: string; key: string };
}

export function nginxConf(options: NginxOptions): string {
  const { dir, port, upstreams, tls } = options;
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, t)};`).join('\n');
  return `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 2048; }
http {
  access_log off;
${temp}
  upstream signing_servers {
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate     ${tls.cert};
    ssl_certificate_key ${tls.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      proxy_pass http://signing_servers;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}

export async function startNginx(binary: string, options: NginxOptions): Promise<Nginx> {
  const conf = nginxConf(options);
  const file = join(options.dir, 'nginx.conf');
  writeFileSync(file, conf);
  // Run as root, nginx's workers drop to `nobody` and must reach their temp folders.
  chmodSync(options.dir, 0o755);
  const child: ChildProcess = spawn(binary, ['-p', `${options.dir}/`, '-c', file, '-e', join(options.dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = (): string => `${output}${(() => {
    try {
      return readFileSync(join(options.dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  })()}`;
  const listening = (): Promise<true | undefined> => new Promise((resolve) => {
    const socket = connect(options.port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    }).on('error', () => resolve(undefined));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGQUIT');
    await exited;
  };
  try {
    await waitFor('nginx listening', listening, { failed: () => (child.exitCode !== null ? `it exited ${String(child.exitCode)}: ${log()}` : undefined) });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `https://127.0.0.1:${options.port}`,
    conf,
    log,
    stop,
  };
}
