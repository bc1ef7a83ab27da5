import { useEffect } from 'react';
import { followPreferencesOfOtherWindows, usePreferences } from './settings-store.ts';

/**
 * Applies the saved theme to <html data-theme> on start (changes apply in the store's update),
 * and follows a theme or format chosen in another window of the console.
 */
export function useTheme(): void {
  const theme = usePreferences((s) => s.theme);
  useEffect(() => {
    document.documentElement.setAttribute('data-theme', theme);
  }, [theme]);
  useEffect(() => followPreferencesOfOtherWindows(), []);
}
