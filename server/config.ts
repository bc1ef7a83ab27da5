import { join } from 'node:path';
import type { AuthSettings } from './auth/auth-service.ts';
import { defaultThrottle } from './auth/sign-in-throttle.ts';
import type { DispatcherOptions } from './notifications/notification-dispatcher.ts';
import type { ReportSchedulerOptions } from './reports/report-scheduler.ts';

/** Settings the app needs at run time; secrets arrive from the database bootstrap. */
export interface AppConfig {
  auth: AuthSettings;
  /** Trust X-Forwarded-For (only behind a proxy you run): sign-in throttling keys on the client address. */
  trustProxy: boolean;
  /** Monitoring background jobs (offline sweep, retention); tests switch them off. Default on. */
  monitoringJobs?: boolean;
  /**
   * The PMTiles archive (basemap schema) offline region packs are cut from: the provider's own,
   * e.g. a country or planet extract (MAP_ARCHIVE); by default the basemap the console ships.
   */
  mapArchivePath: string;
  /** The notification dispatcher's clock and pacing; tests move the clock to make retries due. */
  notifications?: DispatcherOptions;
  /** The report scheduler's clock and pacing; tests move the clock to make periods and retries due. */
  reports?: ReportSchedulerOptions;
  /** Prometheus metrics (server/metrics, decision 0211): the scrape token (none = GET /metrics is off) and the tenant label bound. */
  metrics?: { token?: string | undefined; tenantLabelLimit?: number | undefined; processMetrics?: boolean };
}

/** The console's shipped basemap, a fine archive for fleets in the demo region. */
export const shippedMapArchive = join(import.meta.dirname, '..', 'resources', 'basemap', 'basemap.pmtiles');

export const defaultLifetimes = {
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
};

export function appConfig(
  signingKey: string,
  overrides: Partial<Omit<AuthSettings, 'signingKey'>> & { trustProxy?: boolean; mapArchivePath?: string; notifications?: DispatcherOptions; reports?: ReportSchedulerOptions } = {},
): AppConfig {
  const { trustProxy = false, mapArchivePath = shippedMapArchive, notifications, reports, ...auth } = overrides;
  return { auth: { signingKey, throttle: defaultThrottle, ...defaultLifetimes, ...auth }, trustProxy, mapArchivePath, ...(notifications ? { notifications } : {}), ...(reports ? { reports } : {}) };
}
