import { describe, expect, it } from 'vitest';
import { findDocProblems } from './doc-paths.ts';

describe('docs stand alone', () => {
  it('every path in a doc or comment exists, and every decision note has a status and a date', () => {
    // Each finding reads "file:line: problem", so a failure says exactly what to fix.
    expect(findDocProblems().map((f) => `${f.file}:${f.line}: ${f.problem}`)).toEqual([]);
  });
});
