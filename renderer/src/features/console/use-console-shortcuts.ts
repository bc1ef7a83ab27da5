import { useEffect } from 'react';
import { useConsoleStore } from './console-store.ts';

/**
 * "/" jumps to the vehicle search, "F" toggles following the selected vehicle, Escape clears the
 * selection — ignored while typing in a field, so they never eat a character.
 */
export function useConsoleShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const state = useConsoleStore.getState();
      if (event.key === '/') {
        event.preventDefault();
        document.getElementById('device-search')?.focus();
      } else if ((event.key === 'f' || event.key === 'F') && state.selectedDeviceId) {
        event.preventDefault();
        state.setFollowing(!state.following);
      } else if (event.key === 'Escape' && state.selectedDeviceId && !document.querySelector('dialog[open]')) {
        state.select(null);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
