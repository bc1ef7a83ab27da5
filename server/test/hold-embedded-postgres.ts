import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';

/**
 * A stand-in fleet cloud for crash tests of the embedded database: starts the cluster in the
 * folder given as the first argument, prints `{"postmaster": pid}` on one line, and waits to be
 * killed (the tests kill it with SIGKILL).
 */
const dir = process.argv[2];
if (!dir) throw new Error('usage: hold-embedded-postgres.ts <dir>');
const cluster = await startEmbeddedPostgres({ dir, ephemeral: false });
process.stdout.write(`${JSON.stringify({ postmaster: cluster.pid })}\n`);
setInterval(() => undefined, 60_000);
