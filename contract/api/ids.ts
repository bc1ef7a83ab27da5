import { Type } from 'typebox';

/** All entity ids are UUIDs rendered as lowercase strings. */
export const Uuid = Type.String({ format: 'uuid', minLength: 36, maxLength: 36 });
export const IsoDateTime = Type.String({ format: 'date-time' });
