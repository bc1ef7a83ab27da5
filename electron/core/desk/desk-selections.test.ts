import { describe, expect, it } from 'vitest';
import type { DeskSelection } from '../../../contract/bridge/domains/desk-domain.ts';
import { DeskSelections } from './desk-selections.ts';

const truck = '6f1c2a9e-6a4f-4a59-9d53-0c2f3e1b7a11';

describe('DeskSelections', () => {
  it('starts with nothing selected in every workspace', () => {
    const selections = new DeskSelections(() => undefined);
    expect(selections.current('a:t1')).toEqual({ workspaceId: 'a:t1', deviceId: null, following: false, focus: false, windowId: 'none', seq: 0 });
  });

  it('keeps one selection per workspace and announces each change, numbered', () => {
    const heard: DeskSelection[] = [];
    const selections = new DeskSelections((s) => heard.push(s));
    selections.select({ workspaceId: 'a:t1', deviceId: truck, following: true, focus: true, windowId: 'main-1' });
    selections.select({ workspaceId: 'a:t2', deviceId: null, following: false, focus: false, windowId: 'map-1' });
    expect(selections.current('a:t1')).toMatchObject({ deviceId: truck, following: true, windowId: 'main-1', seq: 1 });
    expect(selections.current('a:t2')).toMatchObject({ deviceId: null, seq: 2 });
    expect(heard.map((s) => s.seq)).toEqual([1, 2]);
  });

  it('never follows nothing', () => {
    const selections = new DeskSelections(() => undefined);
    expect(selections.select({ workspaceId: 'a:t1', deviceId: null, following: true, focus: false, windowId: 'w' }).following).toBe(false);
  });
});
