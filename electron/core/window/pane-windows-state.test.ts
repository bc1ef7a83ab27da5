import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayArrangementKey, emptyPaneWindows, loadPaneWindows, paneBounds, parsePaneWindows, rememberPaneBounds, savePaneWindows, withOpenPanes } from './pane-windows-state.ts';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('pop-out window places', () => {
  it('opens a new pop-out on the second monitor, else staggered on the only one', () => {
    expect(paneBounds(emptyPaneWindows, 'map', [laptop, rightMonitor])).toEqual({ x: 1440 + 640, y: 320, width: 1280, height: 800 });
    const alone = paneBounds(emptyPaneWindows, 'alerts', [laptop]);
    const map = paneBounds(emptyPaneWindows, 'map', [laptop]);
    expect(alone.width).toBe(720);
    expect(alone.x).not.toBe(map.x);
  });

  it('remembers a place per display arrangement: docked and undocked each keep theirs', () => {
    const docked = [laptop, rightMonitor];
    let state = rememberPaneBounds(emptyPaneWindows, 'map', { x: 1500, y: 40, width: 2000, height: 1300 }, docked);
    state = rememberPaneBounds(state, 'map', { x: 100, y: 50, width: 900, height: 700 }, [laptop]);
    expect(paneBounds(state, 'map', docked)).toEqual({ x: 1500, y: 40, width: 2000, height: 1300 });
    expect(paneBounds(state, 'map', [laptop])).toEqual({ x: 100, y: 50, width: 900, height: 700 });
    // The key does not depend on the order the OS lists the screens in.
    expect(displayArrangementKey([rightMonitor, laptop])).toBe(displayArrangementKey(docked));
  });

  it('does not restore a place that no screen shows any more', () => {
    const state = { bounds: { [displayArrangementKey([laptop])]: { vehicles: { x: 5000, y: 5000, width: 500, height: 500 } } }, open: [] };
    const bounds = paneBounds(state, 'vehicles', [laptop]);
    expect(bounds.x).toBeLessThan(laptop.width);
  });

  it('keeps the open pop-outs in pane order, and reads back what it saved', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pane-windows-')), 'pane-windows.json');
    const state = withOpenPanes(rememberPaneBounds(emptyPaneWindows, 'alerts', { x: 1, y: 2, width: 300, height: 400 }, [laptop]), ['vehicles', 'map']);
    expect(state.open).toEqual(['map', 'vehicles']);
    await savePaneWindows(file, state);
    expect(await loadPaneWindows(file)).toEqual(state);
  });

  it('drops anything unreadable instead of trusting it', async () => {
    expect(parsePaneWindows({ open: ['map', 'shell', 3], bounds: { k: { map: { x: 0, y: 0, width: -1, height: 5 }, alerts: { x: 0, y: 0, width: 10, height: 10 } }, j: 7 } })).toEqual({
      open: ['map'],
      bounds: { k: { alerts: { x: 0, y: 0, width: 10, height: 10 } } },
    });
    const file = join(mkdtempSync(join(tmpdir(), 'pane-windows-')), 'broken.json');
    await writeFile(file, '{not json');
    expect(await loadPaneWindows(file)).toEqual(emptyPaneWindows);
    expect(await loadPaneWindows(join(tmpdir(), 'no-such-file.json'))).toEqual(emptyPaneWindows);
  });
});
