import type { ErrorReasonParams } from '../../contract/error-reasons.ts';
import { ApiError } from '../http/api-error.ts';

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * Turns a constraint violation into the 409 a person can act on. `constraints` maps constraint
 * names to the field and message; unknown violations are rethrown (a bug, a 500).
 */
export async function explainConstraint<T>(work: Promise<T>, constraints: Record<string, ConstraintMeaning>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const pg = error as PgError;
    const known = pg.constraint ? constraints[pg.constraint] : undefined;
    if (known && (pg.code === '23505' || pg.code === '23503' || pg.code === '23514')) {
      throw new ApiError(409, 'conflict', known.message, { field: known.field, ...known.why });
    }
    throw error;
  }
}

/** What a violated constraint means: the field, the reason code, and an English message for logs. */
export interface ConstraintMeaning {
  field: string;
  why:
    | { reason: 'name-taken'; params: ErrorReasonParams['name-taken'] }
    | { reason: 'edited-elsewhere'; params: ErrorReasonParams['edited-elsewhere'] }
    | { reason: 'group-in-use' }
    | { reason: 'group-has-geofences' }
    | { reason: 'driver-tag-taken' }
    | { reason: 'employee-number-taken' }
    | { reason: 'driver-has-history' };
  message: string;
}

/** The kinds of object a 404 can name; the console words them. */
export type ObjectKind = 'client-account' | 'registry-device' | 'group' | 'member' | 'vehicle' | 'geofence' | 'trip' | 'alert' | 'driver' | 'driver-assignment' | 'export';

const kindWords: Record<ObjectKind, string> = {
  'client-account': 'client account', 'registry-device': 'device in the registry', group: 'group', member: 'member of this account',
  vehicle: 'vehicle', geofence: 'geofence', trip: 'trip', alert: 'alert', driver: 'driver', 'driver-assignment': 'driver assignment',
  export: 'export of this account',
};

export const notFound = (kind: ObjectKind) => new ApiError(404, 'not_found', `There is no ${kindWords[kind]} with this id.`, { reason: 'not-found', params: { kind } });
