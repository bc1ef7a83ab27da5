import { BridgeError, type BridgeResult } from '../../../contract/bridge/bridge-error.ts';
import type { BridgeHandlers, BridgeMethod, BridgeOutputs } from '../../../contract/bridge/console-bridge.ts';
import { isBridgeMethod, validateBridgeInput } from '../../../contract/bridge/validate-input.ts';

export interface BridgeRouterOptions {
  /** Where unexpected failures are logged; the renderer only gets a generic message for them. */
  logError?: (error: unknown, method: string) => void;
}

/**
 * The single entry both hosts use: checks the method name and the untrusted input, calls the
 * engine, and turns every outcome into a result envelope (errors as data, never thrown across
 * the process boundary).
 */
export function createBridgeRouter(handlers: BridgeHandlers, options: BridgeRouterOptions = {}) {
  return async function route(method: unknown, input: unknown): Promise<BridgeResult<BridgeOutputs[BridgeMethod]>> {
    try {
      if (!isBridgeMethod(method)) throw new BridgeError('invalid-input', `Unknown bridge method "${String(method)}".`, undefined, { reason: 'unknown-method', params: { method: String(method) } });
      const valid = validateBridgeInput(method, input);
      // The union of handlers cannot be narrowed by `method` in TypeScript; the validator above
      // guarantees that `valid` matches this method's input.
      const handler = handlers[method] as (input: typeof valid) => Promise<BridgeOutputs[BridgeMethod]>;
      return { ok: true, value: await handler(valid) };
    } catch (error) {
      if (error instanceof BridgeError) return { ok: false, error: error.toData() };
      options.logError?.(error, String(method));
      return { ok: false, error: new BridgeError('internal', 'Something went wrong in the console engine. Try again; if it keeps happening, restart the console.', undefined, { reason: 'internal' }).toData() };
    }
  };
}

export type BridgeRouter = ReturnType<typeof createBridgeRouter>;
