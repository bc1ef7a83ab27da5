// Preloaded into electronegativity (node --require). It fetches translations and Electron
// release data with got@11, whose retry timer throws an uncaught error on Node 24 when the
// network is unreachable ("onCancel handler was attached after the promise settled"), killing
// the scan. Without retries the fetch fails once, electronegativity notes it, and the scan runs.
const { dirname } = require('node:path');
const scanner = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = require.resolve('got', { paths: [scanner] });
const got = require(gotPath);
const noRetry = got.extend({ retry: { limit: 0 } });
noRetry.default = noRetry;
require.cache[gotPath].exports = noRetry;
