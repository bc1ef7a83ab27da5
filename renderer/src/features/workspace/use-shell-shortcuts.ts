import { useEffect } from 'react';
import { shellShortcut } from './workspace-keys.ts';

interface Handlers {
  switchTo(index: number): void;
  openSwitcher(): void;
}

/** Window-wide Ctrl+1…9 and Ctrl+K while the workspace shell is shown. */
export function useShellShortcuts({ switchTo, openSwitcher }: Handlers): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shellShortcut(event);
      if (!shortcut) return;
      event.preventDefault();
      if (shortcut.kind === 'switch') switchTo(shortcut.index);
      else openSwitcher();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [switchTo, openSwitcher]);
}
