import { BridgeError, type BridgeResult } from './bridge-error.ts';

/** Opens a result envelope: the value, or the engine's error re-thrown as a BridgeError. */
export async function unwrap<T>(pending: Promise<BridgeResult<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  throw BridgeError.fromData(result.error);
}
