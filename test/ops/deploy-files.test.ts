import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config.js';

const REPO = resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(REPO, file), 'utf8');

/** The Dockerfile's instructions, continuation lines joined, comments dropped, split into stages. */
function dockerStages(text: string): Array<{ from: string; name: string | undefined; lines: string[] }> {
  const lines = text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Array<{ from: string; name: string | undefined; lines: string[] }> = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?error}` with the given variables. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string | undefined) => {
    const set = env[name] !== undefined && env[name] !== '';
    if (set) return env[name]!;
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

describe('the Dockerfile', () => {
  const stages = dockerStages(read('Dockerfile'));
  const runtime = stages.at(-1)!;
  const build = stages[0]!;
  const nodeVersion = /^ARG NODE_VERSION=(\d+)/m.exec(read('Dockerfile'))?.[1];

  it('is multi-stage: dev dependencies build, the runtime stage installs production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build.lines).toContain('RUN npm run build');
    expect(runtime.lines.some((l) => /^RUN npm ci --omit=dev\b/.test(l))).toBe(true);
    expect(runtime.lines.some((l) => /npm run build|tsc|vite/.test(l))).toBe(false);
    expect(runtime.lines).toContain(`COPY --from=${build.name} /app/dist ./dist`);
  });

  it('runs the built server as a non-root user with a health check', () => {
    const user = runtime.lines.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER\s+(root|0)\b/);
    const healthcheck = runtime.lines.find((l) => l.startsWith('HEALTHCHECK '));
    expect(healthcheck).toMatch(/\/health/);
    expect(runtime.lines.at(-1)).toMatch(/^CMD \[.*"dist\/src\/main\.js"\]$/);
    const env = runtime.lines.filter((l) => l.startsWith('ENV ')).join(' ');
    expect(env).toMatch(/HOST=0\.0\.0\.0/); // reachable from outside the container
  });

  it('uses a Node version the package supports and copies only files that exist and are not ignored', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(Number(nodeVersion)).toBeGreaterThanOrEqual(Number(/\d+/.exec(engines)![0]));
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const stage of stages) {
      for (const line of stage.lines.filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
        const sources = line.split(/\s+/).slice(1, -1);
        for (const source of sources) {
          expect(existsSync(join(REPO, source)), `${line}: ${source}`).toBe(true);
          expect(ignored, `${source} is in .dockerignore`).not.toContain(source);
        }
      }
    }
    for (const secretOrBulky of ['node_modules', 'dist', 'data', '.env', '.git']) expect(ignored).toContain(secretOrBulky);
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, { build?: string; environment?: Record<string, string>; network_mode?: string; volumes?: string[]; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown; command?: string[]; stop_grace_period?: string }>;
  };
  const instances = Object.entries(compose.services).filter(([, service]) => service.build === '.');
  const env = { SECRET_KEY: randomBytes(32).toString('base64'), POSTGRES_PASSWORD: 'pw-for-the-test' };
  const upstreamPorts = [...read('deploy/nginx.conf').matchAll(/^\s*server\s+127\.0\.0\.1:(\d+)/gm)].map((m) => m[1]);

  it('runs two instances of this Dockerfile, each on a port of deploy/nginx.conf’s upstream, behind that nginx file', () => {
    expect(instances).toHaveLength(2);
    const ports = instances.map(([, service]) => service.environment!.PORT);
    expect(new Set(ports).size).toBe(2);
    for (const port of ports) expect(upstreamPorts).toContain(port);
    for (const [, service] of instances) expect(service.network_mode).toBe('service:nginx');
    const nginx = compose.services.nginx!;
    expect(nginx.volumes).toContain('./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    for (const volume of Object.values(compose.services).flatMap((s) => s.volumes ?? [])) {
      if (volume.startsWith('./')) expect(existsSync(join(REPO, volume.split(':')[0]!))).toBe(true);
    }
  });

  it('gives every instance a configuration the server accepts, sharing one database, Redis and SECRET_KEY', () => {
    const configs = instances.map(([, service]) =>
      loadConfig(Object.fromEntries(Object.entries(service.environment!).map(([name, value]) => [name, interpolate(String(value), env)]))),
    );
    for (const config of configs) {
      expect(config.databaseUrl).toMatch(/^postgres:\/\/switchboard:pw-for-the-test@postgres:5432\/switchboard$/);
      expect(config.redisUrl).toBe('redis://redis:6379');
      expect(config.secretKey).toBe(env.SECRET_KEY);
    }
    expect(() => interpolate(String(instances[0]![1].environment!.SECRET_KEY), {})).toThrow(/SECRET_KEY/); // no default secret
  });

  it('starts the instances only once PostgreSQL and Redis are healthy, Redis never evicting, with time to drain', () => {
    for (const [, service] of instances) {
      expect(service.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      expect(Number.parseInt(service.stop_grace_period ?? '10s', 10)).toBeGreaterThan(10); // SHUTDOWN_GRACE_SECONDS default
    }
    expect(compose.services.postgres!.healthcheck).toBeDefined();
    expect(compose.services.redis!.healthcheck).toBeDefined();
    expect(compose.services.redis!.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction']));
  });
});
