import { describe, expect, it } from 'vitest';
import { listNavigation, shellShortcut, type KeyPress } from './workspace-keys.ts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shellShortcut', () => {
  it('maps Ctrl+1…9 to workspaces and Ctrl+K to the switcher', () => {
    expect(shellShortcut(press('1', { ctrlKey: true }))).toEqual({ kind: 'switch', index: 0 });
    expect(shellShortcut(press('9', { metaKey: true }))).toEqual({ kind: 'switch', index: 8 });
    expect(shellShortcut(press('k', { ctrlKey: true }))).toEqual({ kind: 'open-switcher' });
    expect(shellShortcut(press('K', { ctrlKey: true }))).toEqual({ kind: 'open-switcher' });
  });

  it('leaves plain typing and other combinations alone', () => {
    expect(shellShortcut(press('1'))).toBeNull();
    expect(shellShortcut(press('0', { ctrlKey: true }))).toBeNull();
    expect(shellShortcut(press('1', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(shellShortcut(press('k', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});

describe('listNavigation', () => {
  it('moves with arrows, wrapping at both ends, and jumps with Home/End', () => {
    expect(listNavigation('ArrowDown', 0, 3)).toEqual({ index: 1, choose: false });
    expect(listNavigation('ArrowDown', 2, 3)).toEqual({ index: 0, choose: false });
    expect(listNavigation('ArrowUp', 0, 3)).toEqual({ index: 2, choose: false });
    expect(listNavigation('End', 0, 3)).toEqual({ index: 2, choose: false });
    expect(listNavigation('Home', 2, 3)).toEqual({ index: 0, choose: false });
  });

  it('chooses with Enter or a digit that exists', () => {
    expect(listNavigation('Enter', 1, 3)).toEqual({ index: 1, choose: true });
    expect(listNavigation('3', 0, 3)).toEqual({ index: 2, choose: true });
    expect(listNavigation('4', 0, 3)).toBeNull();
    expect(listNavigation('x', 0, 3)).toBeNull();
    expect(listNavigation('ArrowDown', 0, 0)).toBeNull();
  });
});
