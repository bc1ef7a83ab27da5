// `npm test` runs this first. Plain JavaScript on purpose: it must run, and say what to do, on a
// Node too old to load the project's TypeScript (a machine where `npm install` never ran, so the
// project's Node 24 is not in node_modules/.bin). The checks themselves are in prerequisites.ts.
import { join } from 'node:path';

if (!process.features.typescript) {
  console.error(
    `Missing for npm test — Node ${process.versions.node} cannot run the project's TypeScript (the tests need Node ≥ 22.13 for node:sqlite): ` +
      'run `npm install` (it installs Node 24 into node_modules/.bin) and start the tests with `npm test`.',
  );
  process.exit(1);
}

const { runPrerequisiteCheck } = await import('./prerequisites.ts');
process.exit(runPrerequisiteCheck(join(import.meta.dirname, '..')));
