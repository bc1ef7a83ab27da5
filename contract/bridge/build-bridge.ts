import type { BridgeCall, BridgeSubscribe, ConsoleBridge } from './console-bridge.ts';
import { buildAdminBridge } from './domains/admin-domain.ts';
import { buildAlertsBridge } from './domains/alerts-domain.ts';
import { buildDeskBridge } from './domains/desk-domain.ts';
import { buildDevicesBridge } from './domains/devices-domain.ts';
import { buildFleetBridge } from './domains/fleet-domain.ts';
import { buildInsightsBridge } from './domains/insights-domain.ts';
import { buildGeofencesBridge } from './domains/geofences-domain.ts';
import { buildMapPacksBridge } from './domains/map-packs-domain.ts';
import { buildReportsBridge } from './domains/reports-domain.ts';
import { buildPlacesBridge } from './domains/places-domain.ts';
import { buildSyncBridge } from './domains/sync-domain.ts';
import { buildTripsBridge } from './domains/trips-domain.ts';
import { buildSessionBridge } from './domains/session-domain.ts';
import { buildSupportBridge } from './domains/support-domain.ts';

/**
 * Builds the renderer-facing bridge from a transport's two primitives. Used by the renderer on
 * both hosts, so the renderer cannot tell Electron IPC from the web host's WebSocket.
 */
export function buildConsoleBridge(call: BridgeCall, subscribe: BridgeSubscribe): ConsoleBridge {
  return {
    ...buildSessionBridge(call, subscribe),
    ...buildDevicesBridge(call),
    ...buildFleetBridge(call, subscribe),
    ...buildAlertsBridge(call, subscribe),
    ...buildTripsBridge(call, subscribe),
    ...buildGeofencesBridge(call),
    ...buildPlacesBridge(call),
    ...buildMapPacksBridge(call, subscribe),
    ...buildSyncBridge(call, subscribe),
    ...buildAdminBridge(call),
    ...buildDeskBridge(call, subscribe),
    ...buildInsightsBridge(call),
    ...buildReportsBridge(call),
    ...buildSupportBridge(call),
  };
}
