import { ApiError } from '../http/api-error.ts';

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * Turns a constraint violation into the 409 a person can act on. `constraints` maps constraint
 * names to the field and message; unknown violations are rethrown (a bug, a 500).
 */
export async function explainConstraint<T>(work: Promise<T>, constraints: Record<string, { field: string; message: string }>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const pg = error as PgError;
    const known = pg.constraint ? constraints[pg.constraint] : undefined;
    if (known && (pg.code === '23505' || pg.code === '23503' || pg.code === '23514')) {
      throw new ApiError(409, 'conflict', known.message, { field: known.field });
    }
    throw error;
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `There is no ${what} with this id.`);
