import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from './instance-process.js';

export const NGINX_PATH = '/usr/sbin/nginx';
export const DEPLOY_NGINX_CONF = join(REPO_ROOT, 'deploy', 'nginx.conf');

export interface NginxProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * deploy/nginx.conf with the test's ports: the upstream lists `upstreamPorts`, the server listens on
 * loopback `listenPort`. Throws if the file no longer has the shape this relies on.
 */
export function templateDeployConfig(text: string, listenPort: number, upstreamPorts: number[]): string {
  const upstreamLine = /^[ \t]*server[ \t]+[\w.-]+:\d+[^;\n]*;[ \t]*\n/gm;
  const listenLine = /^([ \t]*)listen[ \t]+[^;\n]+;/m;
  if (!/upstream switchboard \{\n/.test(text) || (text.match(upstreamLine) ?? []).length === 0 || !listenLine.test(text)) {
    throw new Error('deploy/nginx.conf: expected an "upstream switchboard {" block with host:port servers and a listen line');
  }
  const servers = upstreamPorts.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;\n`).join('');
  return text
    .replace(upstreamLine, '')
    .replace('upstream switchboard {\n', `upstream switchboard {\n${servers}`)
    .replace(listenLine, `$1listen 127.0.0.1:${listenPort};`);
}

/**
 * Debian's nginx as an unprivileged foreground process in a temp prefix. The main file only supplies what
 * a system nginx.conf would (events, temp paths) and includes the templated deploy config unchanged,
 * plus an `X-Upstream` header so tests can see which instance answered.
 */
export async function startNginx(options: { upstreamPorts: number[]; deployConfig?: string }): Promise<NginxProcess> {
  const prefix = mkdtempSync(join(tmpdir(), 'switchboard-nginx-'));
  for (const dir of ['logs', 'tmp']) mkdirSync(join(prefix, dir));
  const port = await freePort();
  const site = templateDeployConfig(options.deployConfig ?? readFileSync(DEPLOY_NGINX_CONF, 'utf8'), port, options.upstreamPorts);
  writeFileSync(join(prefix, 'switchboard.conf'), site);
  const tmp = join(prefix, 'tmp');
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      'worker_processes 1;',
      'events { worker_connections 256; }',
      'http {',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(tmp, kind)};`),
      '  access_log off;',
      '  add_header X-Upstream $upstream_addr always;',
      `  include ${join(prefix, 'switchboard.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(NGINX_PATH, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log stderr;`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-100_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM'); // fast shutdown: the master stops its worker and drops open streams
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(prefix, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`nginx exited at start-up:\n${output}`);
    const up = await fetch(`${url}/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (up) return { url, output: () => output, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not answer /health:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const nginxInstalled = (): boolean => existsSync(NGINX_PATH);
