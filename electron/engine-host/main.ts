import { childProcessParentLink, electronParentLink, workerParentLink } from './engine-links.ts';
import { readEngineArgs } from './engine-args.ts';
import { runEngineHost } from './run-engine.ts';

/**
 * The engine process's entry, bundled to out/engine-host/index.js. Electron's main process starts
 * it with `utilityProcess.fork()`; tests and the bench start the same file as a Node child process
 * with an IPC channel (or in a worker thread). Either way the parent passes
 * `--profile-dir=… --cipher=…`.
 */
const link = electronParentLink() ?? workerParentLink() ?? childProcessParentLink();
if (!link) {
  console.error('The engine host talks only to its parent: start it with Electron\'s utilityProcess.fork() or as a Node child process with an IPC channel.');
  process.exit(2);
}
try {
  await runEngineHost(link, { ...readEngineArgs(process.argv.slice(2)), exit: (code) => process.exit(code) });
} catch (error) {
  console.error('[engine-host] the engine did not start:', error);
  process.exit(1);
}
