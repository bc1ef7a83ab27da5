/**
 * Test helpers instead of non-null assertions: a fixture that is missing fails the test with
 * a message saying what was missing, rather than a TypeError three lines later.
 */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}, found none`);
  return value;
}

/** `list[index]`, failing the test when there is no such element. */
export function at<T>(list: readonly T[], index: number): T {
  return defined(list[index], `an element at index ${index} of a list of ${list.length}`);
}
