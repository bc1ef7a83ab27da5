import type { Static, TSchema } from 'typebox';
import type { BridgeResult } from './bridge-error.ts';
import { adminInputs, type AdminBridge, type AdminOutputs } from './domains/admin-domain.ts';
import { alertsEventNames, alertsInputs, type AlertsBridge, type AlertsEvents, type AlertsOutputs } from './domains/alerts-domain.ts';
import { deskEventNames, deskInputs, type DeskBridge, type DeskEvents, type DeskOutputs } from './domains/desk-domain.ts';
import { devicesInputs, type DevicesBridge, type DevicesOutputs } from './domains/devices-domain.ts';
import { fleetEventNames, fleetInputs, type FleetBridge, type FleetEvents, type FleetOutputs } from './domains/fleet-domain.ts';
import { insightsInputs, type InsightsBridge, type InsightsOutputs } from './domains/insights-domain.ts';
import { geofencesInputs, type GeofencesBridge, type GeofencesOutputs } from './domains/geofences-domain.ts';
import { mapPacksEventNames, mapPacksInputs, type MapPacksBridge, type MapPacksEvents, type MapPacksOutputs } from './domains/map-packs-domain.ts';
import { reportsInputs, type ReportsBridge, type ReportsOutputs } from './domains/reports-domain.ts';
import { placesInputs, type PlacesBridge, type PlacesOutputs } from './domains/places-domain.ts';
import { syncEventNames, syncInputs, type SyncBridge, type SyncEvents, type SyncOutputs } from './domains/sync-domain.ts';
import { tripsEventNames, tripsInputs, type TripsBridge, type TripsEvents, type TripsOutputs } from './domains/trips-domain.ts';
import { supportInputs, type SupportBridge, type SupportOutputs } from './domains/support-domain.ts';
import { sessionEventNames, sessionInputs, type SessionBridge, type SessionEvents, type SessionOutputs } from './domains/session-domain.ts';

/**
 * The one list of what the renderer may ask of the console engine, composed from one file per
 * domain in ./domains (each owns distinct method names and top-level bridge keys). Electron's
 * main process (over IPC) and the web host (over its loopback WebSocket) both serve exactly these
 * methods, validating every input against its schema here, because the renderer is untrusted.
 *
 * To add a domain: write domains/<name>-domain.ts (inputs, outputs, events, bridge interface,
 * builder), then add it to the four compositions below and to build-bridge.ts.
 */
export const bridgeInputs = {
  ...sessionInputs,
  ...devicesInputs,
  ...fleetInputs,
  ...alertsInputs,
  ...tripsInputs,
  ...geofencesInputs,
  ...placesInputs,
  ...mapPacksInputs,
  ...syncInputs,
  ...adminInputs,
  ...deskInputs,
  ...insightsInputs,
  ...reportsInputs,
  ...supportInputs,
} as const satisfies Record<string, TSchema>;

export interface BridgeOutputs extends SessionOutputs, DevicesOutputs, FleetOutputs, AlertsOutputs, TripsOutputs, GeofencesOutputs, PlacesOutputs, MapPacksOutputs, SyncOutputs, AdminOutputs, DeskOutputs, InsightsOutputs, ReportsOutputs, SupportOutputs {}

/** Events the engine pushes to the renderer. */
export type BridgeEvents = SessionEvents & FleetEvents & AlertsEvents & TripsEvents & SyncEvents & MapPacksEvents & DeskEvents;
export const bridgeEventNames: ReadonlyArray<keyof BridgeEvents> = [...sessionEventNames, ...fleetEventNames, ...alertsEventNames, ...tripsEventNames, ...syncEventNames, ...mapPacksEventNames, ...deskEventNames];

/** The renderer's view of the engine: `domain.verb`, events `onX`. Methods throw BridgeError. */
export type ConsoleBridge = SessionBridge & DevicesBridge & FleetBridge & AlertsBridge & TripsBridge & GeofencesBridge & PlacesBridge & MapPacksBridge & SyncBridge & AdminBridge & DeskBridge & InsightsBridge & ReportsBridge & SupportBridge;

export type BridgeMethod = keyof typeof bridgeInputs;
export const bridgeMethods = Object.keys(bridgeInputs) as BridgeMethod[];
export type BridgeInput<M extends BridgeMethod> = Static<(typeof bridgeInputs)[M]>;
export type BridgeEventName = keyof BridgeEvents;

/** What the engine implements; the hosts route validated calls to it. */
export type BridgeHandlers = {
  [M in BridgeMethod]: (input: BridgeInput<M>) => Promise<BridgeOutputs[M]>;
};

export type Unsubscribe = () => void;

/** A transport's primitive: send one call, get its result envelope. */
export type BridgeCall = <M extends BridgeMethod>(method: M, input: BridgeInput<M>) => Promise<BridgeResult<BridgeOutputs[M]>>;

/** A transport's primitive for events. */
export type BridgeSubscribe = <E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void) => Unsubscribe;
