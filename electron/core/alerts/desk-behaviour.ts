import { defaultDeskBehaviour, type DeskAlertBehaviour } from '../../../contract/bridge/desk-alerts.ts';
import type { ProfileStore } from '../profile/profile-store.ts';

/**
 * A person's desk behaviour per severity, kept in the engine's profile under their account id
 * (docs/decisions/0170-desk-alert-behaviour-in-the-engine-profile.md): the same person in each
 * of their workspaces on this computer, another person at the same desk their own; offline too.
 */
export class DeskBehaviourStore {
  readonly #profile: ProfileStore | null;
  /** Without a profile (some tests) choices live as long as the engine. */
  readonly #memory = new Map<string, DeskAlertBehaviour>();

  constructor(profile: ProfileStore | null) {
    this.#profile = profile;
  }

  async get(accountId: string): Promise<DeskAlertBehaviour> {
    if (!this.#profile) return this.#memory.get(accountId) ?? defaultDeskBehaviour;
    return (await this.#profile.load()).deskAlerts[accountId] ?? defaultDeskBehaviour;
  }

  async set(accountId: string, behaviour: DeskAlertBehaviour): Promise<DeskAlertBehaviour> {
    const copy = { ...behaviour };
    if (!this.#profile) this.#memory.set(accountId, copy);
    else await this.#profile.update((p) => { p.deskAlerts[accountId] = copy; });
    return copy;
  }
}
