import { migration001 } from './001-initial.ts';
import { migration002 } from './002-device-health.ts';
import { migration003 } from './003-places.ts';
import { migration004 } from './004-insights.ts';
import type { CacheMigration } from './migration.ts';

/** Every cache schema step, in order. Add new ones at the end; never edit a released one. */
export const cacheMigrations: readonly CacheMigration[] = [migration001, migration002, migration003, migration004];
