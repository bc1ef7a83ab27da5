// Kept apart from transport.ts so that Electron's main process imports only these names, not the
// contract's schemas (the engine, with typebox, lives in its own process).

/**
 * Electron IPC channels between main and the preload. The bridge itself never travels over IPC:
 * the preload asks main for a MessagePort to the engine process and talks to the engine on it.
 */
export const enginePortChannels = {
  /** preload → main: "give this page a port to the engine" (sent once per page load). */
  connect: 'engine:connect',
  /** main → preload: a port to the (new) engine process, in `event.ports[0]`. */
  port: 'engine:port',
  /** main → preload: the engine process is gone; main is starting a new one. */
  lost: 'engine:lost',
} as const;
