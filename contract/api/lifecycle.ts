import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';

/**
 * Tenant lifecycle (issue 14 item 5, docs/decisions/0250-tenant-lifecycle.md): exports of all of
 * an account's data, deletion after a grace period (restorable until the purge), and monthly
 * usage for billing.
 */

/** Grace period bounds, in days: long enough to notice a mistake, short enough to honour a deletion. */
export const graceDays = { min: 1, max: 90, default: 30 } as const;

export const ScheduleDeletionRequest = Type.Object(
  { graceDays: Type.Optional(Type.Integer({ minimum: graceDays.min, maximum: graceDays.max, description: `Days until the purge (default ${graceDays.default}).` })) },
  { additionalProperties: false },
);
export type ScheduleDeletionRequest = Static<typeof ScheduleDeletionRequest>;

export const exportStates = ['ready', 'running', 'done', 'failed'] as const;
export const ExportState = Type.Enum(exportStates);
export type ExportState = (typeof exportStates)[number];

/**
 * One export of an account's data and how far its stream has come. `ready`: made, the download
 * not started (the ticket is good until `expiresAt`); `running`: the ZIP is being streamed;
 * `done` / `failed`: the stream ended (a failed one says why in `error`, a code).
 */
export const TenantExport = Type.Object({
  id: Uuid,
  tenantId: Uuid,
  state: ExportState,
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  startedAt: Type.Union([IsoDateTime, Type.Null()]),
  finishedAt: Type.Union([IsoDateTime, Type.Null()]),
  filesWritten: Type.Integer({ minimum: 0 }),
  rowsWritten: Type.Integer({ minimum: 0 }),
  bytesWritten: Type.Integer({ minimum: 0 }),
  /** The file being written now (null before and after). */
  currentFile: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type TenantExport = Static<typeof TenantExport>;

/**
 * A new export: `downloadPath` (on the fleet cloud, with its one-time ticket) streams the ZIP
 * once, to whoever opens it first, until `expiresAt`. Poll the export for its progress.
 */
export const StartedExport = Type.Object({ export: TenantExport, downloadPath: Type.String() });
export type StartedExport = Static<typeof StartedExport>;

export const ExportParams = Type.Object({ id: Uuid, exportId: Uuid }, { additionalProperties: false });
export const OwnExportParams = Type.Object({ exportId: Uuid }, { additionalProperties: false });
export const DownloadParams = Type.Object({ exportId: Uuid }, { additionalProperties: false });
export const DownloadQuery = Type.Object({ ticket: Type.String({ minLength: 32, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });

/** The export format's version, in manifest.json; the database schema's own version sits beside it. */
export const exportFormatVersion = 1;

/** manifest.json, the last file of every export ZIP. */
export interface ExportManifest {
  format: 'fleet-tenant-export';
  formatVersion: number;
  /** The highest database migration applied when the export ran (what the columns mean). */
  schemaVersion: number;
  tenant: { id: string; name: string; status: string };
  exportedAt: string;
  /** Every other file of the ZIP, with its rows (CSV: data rows, without the header) and SHA-256 (hex). */
  files: { name: string; rows: number; bytes: number; sha256: string }[];
  /** Tables with a tenant_id that were left out, and why (secrets are never exported). */
  omitted: { table: string; reason: string }[];
}

/** `month` as YYYY-MM (UTC). */
export const UsageQuery = Type.Object(
  { month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (UTC).' }) },
  { additionalProperties: false },
);
export type UsageQuery = Static<typeof UsageQuery>;

/** The usage CSV's columns, in order (one row per client account and month). */
export const usageColumns = [
  'month',
  'tenant_id',
  'tenant_name',
  'status',
  'plan',
  'max_units',
  'units_peak',
  'units_average',
  'unit_days',
  'users_peak',
  'positions_ingested',
  'duplicates',
  'rejected',
  'storage_bytes',
  'days_recorded',
] as const;
