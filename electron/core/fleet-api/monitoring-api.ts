import type { AddAlertNoteRequest, Alert, AlertListResponse, AssigneeListResponse, AssignAlertRequest, BulkAlertAction, BulkAlertOutcome, BulkAlertResponse } from '../../../contract/api/alerts.ts';
import type { DeviceListResponse } from '../../../contract/api/devices.ts';
import type { InsightsQuery, InsightsResponse } from '../../../contract/api/insights.ts';
import type { ReportDocument, ReportQuery } from '../../../contract/api/reports.ts';
import type { CreateGeofenceRequest, Geofence, GeofenceListResponse, UpdateGeofenceRequest } from '../../../contract/api/geofences.ts';
import type { LatestPositionsResponse, PositionHistoryResponse } from '../../../contract/api/positions.ts';
import type { SettingsResponse } from '../../../contract/api/settings.ts';
import type { DeviceHealth, DeviceHealthListResponse } from '../../../contract/api/telemetry.ts';
import type { TripListResponse, TripTrack } from '../../../contract/api/trips.ts';
import type { FleetApiClient } from './fleet-api-client.ts';

/** The lists that sync incrementally with `?since=<cursor>` (contract/api/sync-cursor.ts). */
export interface SyncListResponses {
  positions: LatestPositionsResponse;
  alerts: AlertListResponse;
  geofences: GeofenceListResponse;
  trips: TripListResponse;
  health: DeviceHealthListResponse;
}
export type SyncListName = keyof SyncListResponses;

const listPaths: Record<SyncListName, string> = {
  positions: '/api/positions/latest',
  alerts: '/api/alerts',
  geofences: '/api/geofences',
  trips: '/api/trips',
  health: '/api/health/devices',
};

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return search.size ? `?${search}` : '';
}

/**
 * Typed calls of the fleet cloud's monitoring API for one workspace (one access token).
 * Stateless: the sync engine decides what to ask for.
 */
export class MonitoringApi {
  readonly #client: FleetApiClient;
  readonly #token: string;

  constructor(client: FleetApiClient, accessToken: string) {
    this.#client = client;
    this.#token = accessToken;
  }

  /** One page of a list: with `since` the changes after that cursor, without it the first page. */
  syncList<N extends SyncListName>(name: N, params: { since?: string; cursor?: string; limit?: number; from?: string }): Promise<SyncListResponses[N]> {
    return this.#get(`${listPaths[name]}${query(params)}`);
  }

  devices(offset: number, limit = 1000): Promise<DeviceListResponse> {
    return this.#get(`/api/devices${query({ offset, limit })}`);
  }

  settings(): Promise<SettingsResponse> {
    return this.#get('/api/settings');
  }

  health(deviceId: string): Promise<DeviceHealth> {
    return this.#get(`/api/health/devices/${encodeURIComponent(deviceId)}`);
  }

  positions(deviceId: string, from: string, to: string, cursor?: string): Promise<PositionHistoryResponse> {
    return this.#get(`/api/positions${query({ deviceId, from, to, cursor, limit: 10000 })}`);
  }

  trips(params: { deviceId?: string; from?: string; to?: string; cursor?: string }): Promise<TripListResponse> {
    return this.#get(`/api/trips${query({ ...params, limit: 500 })}`);
  }

  track(tripId: string, onProgress: (received: number, total: number | null) => void): Promise<TripTrack> {
    return this.#client.download(`/api/trips/${encodeURIComponent(tripId)}/track`, this.#token, onProgress);
  }

  /** The fleet's figures for a period: totals, series and one ranked page per list (issue 13). */
  insights(params: InsightsQuery): Promise<InsightsResponse> {
    return this.#get(`/api/insights${query({ ...params })}`);
  }

  /** One report of the fleet's records (trips, stops, idling, speeding, DTC history). */
  report(params: ReportQuery): Promise<ReportDocument> {
    return this.#get(`/api/reports${query({ ...params })}`);
  }

  alertAssignees(): Promise<AssigneeListResponse> {
    return this.#get('/api/alerts/assignees');
  }

  /** Many alert actions in one request (offline queues, bulk triage); outcomes in request order. */
  async bulkAlertActions(actions: BulkAlertAction[]): Promise<BulkAlertOutcome[]> {
    return (await this.#post<BulkAlertResponse>('/api/alerts/bulk', { actions })).results;
  }

  acknowledge(alertId: string, body: { expectedVersion: number; note?: string }): Promise<Alert> {
    return this.#post(`/api/alerts/${encodeURIComponent(alertId)}/acknowledge`, body);
  }

  resolve(alertId: string, body: { expectedVersion: number; note?: string }): Promise<Alert> {
    return this.#post(`/api/alerts/${encodeURIComponent(alertId)}/resolve`, body);
  }

  assign(alertId: string, body: AssignAlertRequest): Promise<Alert> {
    return this.#post(`/api/alerts/${encodeURIComponent(alertId)}/assign`, body);
  }

  addNote(alertId: string, body: AddAlertNoteRequest): Promise<Alert> {
    return this.#post(`/api/alerts/${encodeURIComponent(alertId)}/notes`, body);
  }

  createGeofence(body: CreateGeofenceRequest): Promise<Geofence> {
    return this.#client.request('POST', '/api/geofences', { body, accessToken: this.#token });
  }

  updateGeofence(geofenceId: string, body: UpdateGeofenceRequest): Promise<Geofence> {
    return this.#client.request('PUT', `/api/geofences/${encodeURIComponent(geofenceId)}`, { body, accessToken: this.#token });
  }

  async deleteGeofence(geofenceId: string): Promise<void> {
    await this.#client.request('DELETE', `/api/geofences/${encodeURIComponent(geofenceId)}`, { accessToken: this.#token });
  }

  #get<T>(path: string): Promise<T> {
    return this.#client.request('GET', path, { accessToken: this.#token });
  }

  #post<T>(path: string, body: unknown): Promise<T> {
    return this.#client.request('POST', path, { body, accessToken: this.#token });
  }
}
