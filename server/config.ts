import type { AuthSettings } from './auth/auth-service.ts';
import { defaultThrottle } from './auth/sign-in-throttle.ts';
import type { DispatcherOptions } from './notifications/notification-dispatcher.ts';

/** Settings the app needs at run time; secrets arrive from the database bootstrap. */
export interface AppConfig {
  auth: AuthSettings;
  /** Trust X-Forwarded-For (only behind a proxy you run): sign-in throttling keys on the client address. */
  trustProxy: boolean;
  /** Monitoring background jobs (offline sweep, retention); tests switch them off. Default on. */
  monitoringJobs?: boolean;
  /** The notification dispatcher's clock and pacing; tests move the clock to make retries due. */
  notifications?: DispatcherOptions;
}

export const defaultLifetimes = {
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
};

export function appConfig(signingKey: string, overrides: Partial<Omit<AuthSettings, 'signingKey'>> & { trustProxy?: boolean; notifications?: DispatcherOptions } = {}): AppConfig {
  const { trustProxy = false, notifications, ...auth } = overrides;
  return { auth: { signingKey, throttle: defaultThrottle, ...defaultLifetimes, ...auth }, trustProxy, ...(notifications ? { notifications } : {}) };
}
