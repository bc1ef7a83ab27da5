import { create } from 'zustand';

export type Theme = 'dark' | 'light';

export interface ConsolePreferences {
  theme: Theme;
  /** Play a sound when a critical alert arrives. */
  alertSound: boolean;
  /** Raise a desktop notification for critical alerts (asks the browser/OS once). */
  desktopNotifications: boolean;
  /** How this person wants times, dates and numbers written (BCP 47); '' = the account's locale. */
  locale: string;
}

const storageKey = 'fleet-console.preferences';
const defaults: ConsolePreferences = { theme: 'dark', alertSound: false, desktopNotifications: false, locale: '' };

function load(): ConsolePreferences {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
    if (typeof saved !== 'object' || saved === null) return defaults;
    const s = saved as Partial<ConsolePreferences>;
    return {
      theme: s.theme === 'light' ? 'light' : 'dark',
      alertSound: s.alertSound === true,
      desktopNotifications: s.desktopNotifications === true,
      locale: typeof s.locale === 'string' && s.locale.length <= 35 ? s.locale : '',
    };
  } catch {
    return defaults;
  }
}

/**
 * This person's preferences on this computer (not the tenant's settings, which come from the
 * server): theme — dark by default for dispatch rooms — and how loudly critical alerts announce
 * themselves. Kept in localStorage; nothing secret lives here.
 */
interface PreferencesState extends ConsolePreferences {
  update(changes: Partial<ConsolePreferences>): void;
}

export const usePreferences = create<PreferencesState>()((set, get) => ({
  ...load(),
  update: (changes) => {
    // Applied before React re-renders, so map layers re-reading theme colours see the new ones.
    if (changes.theme) document.documentElement.setAttribute('data-theme', changes.theme);
    set(changes);
    const { theme, alertSound, desktopNotifications, locale } = get();
    try {
      localStorage.setItem(storageKey, JSON.stringify({ theme, alertSound, desktopNotifications, locale }));
    } catch {
      // Storage full or disabled: the preference still applies for this session.
    }
  },
}));
