import { create } from 'zustand';

export type Theme = 'dark' | 'light';

export interface ConsolePreferences {
  theme: Theme;
  /** How this person wants times, dates and numbers written (BCP 47); '' = the account's locale. */
  locale: string;
}

const storageKey = 'fleet-console.preferences';
const defaults: ConsolePreferences = { theme: 'dark', locale: '' };

function load(): ConsolePreferences {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
    if (typeof saved !== 'object' || saved === null) return defaults;
    const s = saved as Partial<ConsolePreferences>;
    return {
      theme: s.theme === 'light' ? 'light' : 'dark',
      locale: typeof s.locale === 'string' && s.locale.length <= 35 ? s.locale : '',
    };
  } catch {
    return defaults;
  }
}

/**
 * This person's preferences on this computer (not the tenant's settings, which come from the
 * server): theme — dark by default for dispatch rooms — and formats. What alerts do on the desk
 * is kept by the engine per person (features/alerts/desk-behaviour.ts). Kept in localStorage; nothing secret lives here.
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
    const { theme, locale } = get();
    try {
      localStorage.setItem(storageKey, JSON.stringify({ theme, locale }));
    } catch {
      // Storage full or disabled: the preference still applies for this session.
    }
  },
}));

/**
 * A change made in another window of this console (the main window and its pop-outs share this
 * storage) applies here too: a dispatcher switching to the dark theme at dusk switches every
 * screen of the desk, not just the one the settings were open in.
 */
export function followPreferencesOfOtherWindows(target: Window = window): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key !== storageKey) return;
    const next = load();
    document.documentElement.setAttribute('data-theme', next.theme);
    usePreferences.setState(next);
  };
  target.addEventListener('storage', onStorage);
  return () => target.removeEventListener('storage', onStorage);
}
