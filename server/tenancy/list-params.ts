/** Paging defaults: the validator checks but does not fill them, so they apply here. */
export function paging(query: { limit?: number | undefined; offset?: number | undefined }): { limit: number; offset: number } {
  return { limit: query.limit ?? 50, offset: query.offset ?? 0 };
}

/**
 * ORDER BY text from a fixed map: user input picks a key, never reaches the SQL. A stable
 * tie-breaker keeps pages from overlapping.
 */
export function orderBy<K extends string>(columns: Record<K, string>, sort: K, order: 'asc' | 'desc' | undefined, tieBreaker: string): string {
  const direction = order === 'desc' ? 'DESC' : 'ASC';
  return `ORDER BY ${columns[sort]} ${direction} NULLS LAST, ${tieBreaker}`;
}

/** A LIKE pattern matching `text` literally anywhere, or null for no filter. */
export function containsPattern(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}
