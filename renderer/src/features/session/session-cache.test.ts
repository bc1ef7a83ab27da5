import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { SessionNotice, SessionState, Workspace } from '../../../../contract/bridge/session.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { applySessionState, sessionView } from './session-cache.ts';

const workspace = (workspaceId: string, tenantName: string): Workspace => ({
  workspaceId,
  accountId: 'acc-1',
  serverUrl: 'http://127.0.0.1:8080',
  username: 'maria',
  tenantId: `tenant-${workspaceId}`,
  tenantName,
  tenantKind: 'client',
  role: 'dispatcher',
});
const acme = workspace('w-acme', 'Acme Logistics');
const globex = workspace('w-globex', 'Globex Freight');
const state = (workspaces: Workspace[], activeWorkspaceId: string | null, notice: SessionNotice | null = null): SessionState => ({
  accounts: [],
  workspaces,
  activeWorkspaceId,
  notice,
  knownAccounts: [],
});
const revoked: SessionNotice = { code: 'session-ended', reason: 'revoked', account: { username: 'maria', serverUrl: 'http://127.0.0.1:8080' } };

describe('applySessionState', () => {
  it('drops the cached data of workspaces that disappear and keeps the rest', () => {
    const client = new QueryClient();
    applySessionState(client, state([acme, globex], 'w-acme'));
    client.setQueryData(queryKeys.devices('w-acme'), { items: ['acme'] });
    client.setQueryData(queryKeys.devices('w-globex'), { items: ['globex'] });

    applySessionState(client, state([globex], null));

    expect(client.getQueryData(queryKeys.devices('w-acme'))).toBeUndefined();
    expect(client.getQueryData(queryKeys.devices('w-globex'))).toEqual({ items: ['globex'] });
    expect(client.getQueryData<SessionState>(queryKeys.session)?.workspaces).toEqual([globex]);
  });
});

describe('sessionView', () => {
  it('asks to sign in when there is no workspace, passing on the notice', () => {
    expect(sessionView(state([], null, revoked), false)).toEqual({ screen: 'sign-in', notice: revoked });
  });

  it('asks to pick when none is active or the active one is unknown', () => {
    expect(sessionView(state([acme, globex], null), false).screen).toBe('pick-workspace');
    expect(sessionView(state([acme, globex], 'w-gone'), false).screen).toBe('pick-workspace');
  });

  it('opens the active workspace, or sign-in while adding another account', () => {
    const view = sessionView(state([acme, globex], 'w-globex'), false);
    expect(view.screen === 'workspace' && view.active.tenantName).toBe('Globex Freight');
    expect(sessionView(state([acme], 'w-acme'), true).screen).toBe('sign-in');
  });
});
