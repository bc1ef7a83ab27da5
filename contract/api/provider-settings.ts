import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';

/**
 * Settings of the provider (the company running this fleet cloud), as opposed to one client
 * account's settings (settings.ts). Only the provider's operators read and change them
 * (`providerSettings.manage`); every change is audited in the provider tenant's audit log.
 */

/** The fleet cloud's own geocoder from shipped OpenStreetMap + GeoNames data: no service needed. */
export const BuiltinGeocoder = Type.Object({ kind: Type.Literal('builtin') }, { additionalProperties: false });

/**
 * A Nominatim-compatible HTTP service (`/reverse?format=jsonv2`, `/search?format=jsonv2`).
 * Answers are cached per rounded coordinate; when the service is slow or down the built-in
 * geocoder answers with `approximate: true`.
 */
export const NominatimGeocoder = Type.Object(
  {
    kind: Type.Literal('nominatim'),
    /** Base URL, e.g. https://nominatim.example.com (http only on a loopback host). */
    url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^(https://|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]+)?(/|$))' }),
    /** Requests per second to the service; the public Nominatim's policy is 1. */
    maxRequestsPerSecond: Type.Number({ minimum: 0.1, maximum: 100 }),
    /** Give up on one request after this long and answer from the built-in geocoder. */
    timeoutMs: Type.Integer({ minimum: 100, maximum: 30000 }),
    /** Preferred language of names (Accept-Language), e.g. "sv" or "en"; empty for the service's default. */
    language: Type.String({ maxLength: 35, pattern: '^([a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*)?$' }),
  },
  { additionalProperties: false },
);

export const GeocoderSettings = Type.Union([BuiltinGeocoder, NominatimGeocoder]);
export type GeocoderSettings = Static<typeof GeocoderSettings>;

/**
 * The SMTP server every tenant's alert e-mail (and later scheduled reports) goes through.
 * `security`: 'tls' = TLS from the first byte (port 465), 'starttls' = upgrade required, 'none' =
 * plain (on-premise relays only). The password is write-only: answers carry `passwordSet`
 * instead, and a change without `password` keeps the stored one.
 */
export const SmtpSettings = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 253 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    security: Type.Union([Type.Literal('tls'), Type.Literal('starttls'), Type.Literal('none')]),
    username: Type.String({ maxLength: 254 }),
    password: Type.Optional(Type.String({ maxLength: 1024 })),
    /** Sender address, e.g. "Fleet alerts <alerts@example.com>". */
    from: Type.String({ minLength: 3, maxLength: 254 }),
    passwordSet: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SmtpSettings = Static<typeof SmtpSettings>;

export const ProviderSettings = Type.Object(
  {
    geocoder: GeocoderSettings,
    /** null: no e-mail; alert e-mails wait in the outbox (the backlog shows) until it is set. */
    smtp: Type.Union([SmtpSettings, Type.Null()]),
    /** Let tenants' webhooks call loopback and private addresses (on-premise installs only). */
    allowPrivateWebhooks: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ProviderSettings = Static<typeof ProviderSettings>;

export const defaultProviderSettings: ProviderSettings = { geocoder: { kind: 'builtin' }, smtp: null, allowPrivateWebhooks: false };

/** Defaults the Administration form offers when the operator switches to a Nominatim service. */
export const defaultNominatimGeocoder = { maxRequestsPerSecond: 1, timeoutMs: 2000, language: '' } as const;

/** GET /api/provider/settings (providerSettings.manage). The SMTP password never appears in it. */
export const ProviderSettingsResponse = Type.Object({
  /** Increments on every change; send it back as expectedVersion to avoid lost updates. */
  version: Type.Integer({ minimum: 1 }),
  updatedAt: IsoDateTime,
  /** null for the defaults. */
  updatedBy: Type.Union([Type.Object({ id: Uuid, displayName: Type.String() }), Type.Null()]),
  settings: ProviderSettings,
});
export type ProviderSettingsResponse = Static<typeof ProviderSettingsResponse>;

/** PATCH /api/provider/settings (providerSettings.manage): the fields given are replaced whole. */
export const ProviderSettingsPatch = Type.Object(
  {
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    changes: Type.Partial(ProviderSettings, { additionalProperties: false, minProperties: 1 }),
  },
  { additionalProperties: false },
);
export type ProviderSettingsPatch = Static<typeof ProviderSettingsPatch>;
