import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowState, restoreWindowState, saveWindowState } from './window-state.ts';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state', () => {
  it('restores a saved position that is still on a screen', () => {
    const saved = { bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: true };
    expect(restoreWindowState(saved, [screen])).toEqual(saved);
  });

  it('centres the window when its saved monitor is gone', () => {
    const saved = { bounds: { x: 3000, y: 0, width: 1200, height: 800 }, maximized: false };
    const restored = restoreWindowState(saved, [screen]);
    expect(restored.bounds.x).toBeGreaterThanOrEqual(0);
    expect(restored.bounds.x + restored.bounds.width).toBeLessThanOrEqual(1920);
  });

  it('enforces a usable minimum size', () => {
    const restored = restoreWindowState({ bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }, [screen]);
    expect(restored.bounds.width).toBeGreaterThanOrEqual(900);
    expect(restored.bounds.height).toBeGreaterThanOrEqual(600);
  });

  it('round-trips through a file and ignores a corrupt one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'window-state-'));
    const file = join(dir, 'window.json');
    const state = { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: false };
    await saveWindowState(file, state);
    expect(await loadWindowState(file)).toEqual(state);
    await writeFile(file, '{"bounds": {"x": "a"}');
    expect(await loadWindowState(file)).toBeNull();
    expect(await readFile(file, 'utf8')).toContain('bounds');
  });
});
