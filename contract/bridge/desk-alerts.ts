import { Type, type Static } from 'typebox';
import { alertSeverities, type AlertSeverity } from '../api/alerts.ts';

/**
 * What a new alert of each severity does on this person's desk (docs/decisions/
 * 0170-desk-alert-behaviour-in-the-engine-profile.md): a chime, a desktop notification, both,
 * or nothing beyond the inbox. Quiet alerts (the tenant's quiet hours) never announce.
 */
export const deskActions = ['sound-and-notification', 'sound', 'notification', 'nothing'] as const;
export const DeskAction = Type.Enum(deskActions);
export type DeskAction = (typeof deskActions)[number];

export const DeskAlertBehaviour = Type.Object(
  Object.fromEntries(alertSeverities.map((s) => [s, DeskAction])) as Record<AlertSeverity, typeof DeskAction>,
  { additionalProperties: false },
);
export type DeskAlertBehaviour = Static<typeof DeskAlertBehaviour>;

/** Until a person chooses: critical alerts chime and notify, the rest wait in the inbox. */
export const defaultDeskBehaviour: DeskAlertBehaviour = { critical: 'sound-and-notification', warning: 'nothing', info: 'nothing' };

export const deskActionPlays = (action: DeskAction) => ({ sound: action === 'sound' || action === 'sound-and-notification', notification: action === 'notification' || action === 'sound-and-notification' });

/** Whether a stored value is a well-formed behaviour (the profile file is never trusted). */
export function isDeskBehaviour(value: unknown): value is DeskAlertBehaviour {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Object.keys(v).length === alertSeverities.length && alertSeverities.every((s) => deskActions.includes(v[s] as DeskAction));
}
