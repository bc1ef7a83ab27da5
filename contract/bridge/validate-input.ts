import { Compile } from 'typebox/compile';
import { describeSchemaIssues } from '../validation-message.ts';
import { BridgeError } from './bridge-error.ts';
import { bridgeInputs, bridgeMethods, type BridgeInput, type BridgeMethod } from './console-bridge.ts';

const validators = new Map(bridgeMethods.map((m) => [m, Compile(bridgeInputs[m])]));

export function isBridgeMethod(value: unknown): value is BridgeMethod {
  return typeof value === 'string' && validators.has(value as BridgeMethod);
}

/**
 * Checks an untrusted payload from the renderer. Throws a BridgeError naming the field that is
 * wrong and why.
 */
export function validateBridgeInput<M extends BridgeMethod>(method: M, input: unknown): BridgeInput<M> {
  const validator = validators.get(method);
  if (!validator) throw new BridgeError('invalid-input', `Unknown method "${String(method)}".`, undefined, { reason: 'unknown-method', params: { method: String(method) } });
  if (validator.Check(input)) return input as BridgeInput<M>;
  const problem = describeSchemaIssues(validator.Errors(input));
  const params = { field: problem.field, rule: problem.rule, ...(problem.limit !== undefined ? { limit: problem.limit } : {}), ...(problem.options !== undefined ? { options: problem.options } : {}) };
  throw new BridgeError('invalid-input', problem.message, problem.field || undefined, { reason: 'schema-violation', params });
}
