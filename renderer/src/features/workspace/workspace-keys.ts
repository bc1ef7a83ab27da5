/** The parts of a KeyboardEvent the shortcut logic reads; lets tests pass plain objects. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export type ShellShortcut = { kind: 'switch'; index: number } | { kind: 'open-switcher' } | null;

/**
 * Shell-wide shortcuts: Ctrl+1…9 jumps to workspace N, Ctrl+K opens the switcher. ⌘ counts as
 * Ctrl so the same muscle memory works on a Mac. Shift or Alt combinations are left to others.
 */
export function shellShortcut(press: KeyPress): ShellShortcut {
  if (!(press.ctrlKey || press.metaKey) || press.altKey || press.shiftKey) return null;
  if (/^[1-9]$/.test(press.key)) return { kind: 'switch', index: Number(press.key) - 1 };
  if (press.key.toLowerCase() === 'k') return { kind: 'open-switcher' };
  return null;
}

/**
 * Moves the highlighted entry of a workspace list: arrows, Home/End and digits 1–9 (which pick
 * directly). Returns the new index and whether the key chose it, or null for keys it ignores.
 */
export function listNavigation(key: string, current: number, count: number): { index: number; choose: boolean } | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return { index: (current + 1) % count, choose: false };
    case 'ArrowUp':
      return { index: (current - 1 + count) % count, choose: false };
    case 'Home':
      return { index: 0, choose: false };
    case 'End':
      return { index: count - 1, choose: false };
    case 'Enter':
    case ' ':
      return { index: current, choose: true };
  }
  if (/^[1-9]$/.test(key) && Number(key) <= count) return { index: Number(key) - 1, choose: true };
  return null;
}
