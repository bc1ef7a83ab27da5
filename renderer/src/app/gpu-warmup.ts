/**
 * Starts the GPU process's GL in a worker while the page's first chunks load (decision 0445):
 * with software GL (SwiftShader, our benchmark and GPU-less dispatch PCs) the first WebGL context
 * of a window took 350–600 ms of synchronous main-thread time inside MapLibre's constructor, and
 * its first program links waited for the shader compiler to start. A context made earlier in a
 * worker pays that while the main thread waits for the network anyway.
 * Safe to call more than once; does nothing where workers or OffscreenCanvas are missing.
 */
let started = false;

export function warmUpGpu(): void {
  if (started || typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return;
  started = true;
  try {
    const worker = new Worker(new URL('./gpu-warmup.worker.ts', import.meta.url), { type: 'module', name: 'gpu-warmup' });
    // The worker closes itself; this only drops the reference if it fails to load.
    worker.onerror = () => worker.terminate();
  } catch {
    // A page that may not start workers (a stricter CSP) just starts the GPU with the map.
  }
}
