import { Type } from 'typebox';

/** All entity ids are UUIDs rendered as lowercase strings. */
export const Uuid = Type.String({ format: 'uuid', minLength: 36, maxLength: 36 });
export const IsoDateTime = Type.String({ format: 'date-time' });
/** A calendar date, YYYY-MM-DD (a day in the tenant's time zone where it names one). */
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', minLength: 10, maxLength: 10 });
/** The shape of an e-mail address the fleet cloud accepts (forms check the same before sending). */
export const emailAddressPattern = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';
/** An e-mail address as the fleet cloud accepts one for notifications and reports. */
export const EmailAddress = Type.String({ maxLength: 254, pattern: emailAddressPattern });
