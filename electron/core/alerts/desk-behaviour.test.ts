import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDeskBehaviour } from '../../../contract/bridge/desk-alerts.ts';
import { ProfileStore, profileFileName } from '../profile/profile-store.ts';
import { DeskBehaviourStore } from './desk-behaviour.ts';

describe('desk behaviour per person and severity (real profile file)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'desk-behaviour-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('keeps each person’s choice across a restart and gives others the defaults', async () => {
    const first = new DeskBehaviourStore(new ProfileStore(dir));
    await first.set('maria', { critical: 'sound', warning: 'notification', info: 'nothing' });
    const restarted = new DeskBehaviourStore(new ProfileStore(dir));
    expect(await restarted.get('maria')).toEqual({ critical: 'sound', warning: 'notification', info: 'nothing' });
    expect(await restarted.get('erik')).toEqual(defaultDeskBehaviour);
  });

  it('drops a damaged entry in the profile file instead of trusting it', async () => {
    const profile = new ProfileStore(dir);
    await profile.save({ ...(await profile.load()) });
    const file = join(dir, profileFileName);
    const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...raw, deskAlerts: { maria: { critical: 'siren', warning: 'nothing', info: 'nothing' } } }));
    expect(await new DeskBehaviourStore(new ProfileStore(dir)).get('maria')).toEqual(defaultDeskBehaviour);
  });
});
