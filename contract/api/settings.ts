import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { ExpectedVersion } from './lists.ts';

/** Feature toggles a tenant can switch on or off; the console hides what is off. */
export const featureNames = ['trips', 'alerts', 'geofences', 'obdDiagnostics', 'liveMap'] as const;
export type FeatureName = (typeof featureNames)[number];

const featureFlags = Object.fromEntries(featureNames.map((name) => [name, Type.Boolean()])) as Record<
  FeatureName,
  ReturnType<typeof Type.Boolean>
>;

/** An online map address as stored: any string; `mapUrlProblem` says whether it is usable. */
const MapUrl = Type.String({ minLength: 1, maxLength: 2048 });

/**
 * Where the map comes from: the offline basemap shipped with the console, a MapLibre style URL
 * (style.json on a tile server), or a PMTiles archive URL holding vector tiles in the console's
 * basemap schema (the layers listed in resources/basemap/basemap-layout.ts), read by HTTP Range
 * requests. Both URLs must pass `mapUrlProblem`; the server answers 400 naming the field if not.
 */
export const MapSource = Type.Union([
  Type.Object({ kind: Type.Literal('offline') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('style'), styleUrl: MapUrl }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('pmtiles'), pmtilesUrl: MapUrl }, { additionalProperties: false }),
]);
export type MapSource = Static<typeof MapSource>;

/** Why an online map URL cannot be used, as a code for the server's and the form's messages. */
export type MapUrlProblem = 'empty' | 'not_a_url' | 'not_http' | 'has_credentials' | 'too_long';

// WHATWG URL is global in every runtime the contract runs in (Node, Chromium); the contract's
// tsconfig has neither DOM nor Node types, so declare the part used here.
declare const URL: new (url: string) => { protocol: string; hostname: string; username: string; password: string };

/** null when `url` is a well-formed http(s) URL with a host and no user:password part. */
export function mapUrlProblem(url: string): MapUrlProblem | null {
  if (url.trim() === '') return 'empty';
  if (url.length > 2048) return 'too_long';
  let parsed: InstanceType<typeof URL>;
  try {
    parsed = new URL(url);
  } catch {
    return 'not_a_url';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'not_http';
  if (!parsed.hostname) return 'not_a_url';
  // Credentials in a URL would be shown in settings and sent to every tile request.
  if (parsed.username || parsed.password) return 'has_credentials';
  return null;
}

/** The URL a map source points at, and the settings field it lives in (for error messages). */
export function mapSourceUrl(source: MapSource): { field: 'styleUrl' | 'pmtilesUrl'; url: string } | null {
  if (source.kind === 'style') return { field: 'styleUrl', url: source.styleUrl };
  if (source.kind === 'pmtiles') return { field: 'pmtilesUrl', url: source.pmtilesUrl };
  return null;
}

/**
 * One tenant's configuration. Stored values are always complete; the server fills a new
 * tenant with `defaultTenantSettings`. All speeds in km/h, voltages in volts, whatever the
 * display units are: units only change how the console shows numbers.
 */
export const TenantSettings = Type.Object(
  {
    displayName: Type.String({ minLength: 1, maxLength: 80 }),
    /** #rrggbb */
    accentColor: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    distanceUnit: Type.Union([Type.Literal('km'), Type.Literal('mi')]),
    volumeUnit: Type.Union([Type.Literal('l'), Type.Literal('gal')]),
    /** IANA name, e.g. Europe/Stockholm; checked against the server's time zone database. */
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    /**
     * BCP 47 language tag (e.g. sv-SE, en-US) deciding how the console writes times (24-hour where
     * customary), dates and numbers; a person may override it on their computer. Checked with
     * Intl.getCanonicalLocales on the server.
     */
    locale: Type.String({ minLength: 2, maxLength: 35 }),
    defaultSpeedLimitKmh: Type.Integer({ minimum: 5, maximum: 250 }),
    /** A device silent this long is offline. */
    offlineTimeoutSeconds: Type.Integer({ minimum: 60, maximum: 7 * 86400 }),
    lowBatteryVolts: Type.Number({ minimum: 5, maximum: 30 }),
    /** Overspeed alerts start this far above the limit. */
    overspeedMarginKmh: Type.Integer({ minimum: 0, maximum: 50 }),
    mapSource: MapSource,
    /** Positions and trips older than this are deleted. */
    retentionDays: Type.Integer({ minimum: 7, maximum: 3650 }),
    features: Type.Object(featureFlags, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type TenantSettings = Static<typeof TenantSettings>;

export const defaultTenantSettings: Omit<TenantSettings, 'displayName'> = {
  accentColor: '#2f6fed',
  distanceUnit: 'km',
  volumeUnit: 'l',
  timeZone: 'Europe/Stockholm',
  locale: 'en-GB',
  defaultSpeedLimitKmh: 90,
  offlineTimeoutSeconds: 600,
  lowBatteryVolts: 11.8,
  overspeedMarginKmh: 5,
  mapSource: { kind: 'offline' },
  retentionDays: 365,
  features: { trips: true, alerts: true, geofences: true, obdDiagnostics: true, liveMap: true },
};

/** GET /api/settings: readable by every member. */
export const SettingsResponse = Type.Object({
  tenantId: Uuid,
  /** Increments on every change; send it back as expectedVersion to avoid lost updates. */
  version: Type.Integer({ minimum: 1 }),
  updatedAt: IsoDateTime,
  /** null for the defaults the tenant was created with. */
  updatedBy: Type.Union([Type.Object({ id: Uuid, displayName: Type.String() }), Type.Null()]),
  settings: TenantSettings,
});
export type SettingsResponse = Static<typeof SettingsResponse>;

/** PATCH /api/settings: only the fields given change; nested objects are replaced whole. */
export const SettingsPatch = Type.Object(
  {
    expectedVersion: Type.Optional(ExpectedVersion),
    changes: Type.Partial(TenantSettings, { additionalProperties: false, minProperties: 1 }),
  },
  { additionalProperties: false },
);
export type SettingsPatch = Static<typeof SettingsPatch>;

export const SettingsVersion = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  changedAt: IsoDateTime,
  changedBy: Type.Union([Type.Object({ id: Uuid, displayName: Type.String() }), Type.Null()]),
  /** Field names that changed from the previous version. */
  changedFields: Type.Array(Type.String()),
  settings: TenantSettings,
});
export type SettingsVersion = Static<typeof SettingsVersion>;

export const SettingsHistoryResponse = Type.Object({
  items: Type.Array(SettingsVersion),
  total: Type.Integer({ minimum: 0 }),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type SettingsHistoryResponse = Static<typeof SettingsHistoryResponse>;
