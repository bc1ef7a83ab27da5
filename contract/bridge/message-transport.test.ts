import { describe, expect, it } from 'vitest';
import { createMessageTransport } from './message-transport.ts';
import type { WebCallMessage } from './transport.ts';

const lost = { code: 'internal' as const, message: 'engine lost' };
const noticeAccount = { username: 'maria', serverUrl: 'https://fleet.example' };
const signedOut = { accounts: [], workspaces: [], activeWorkspaceId: null, notice: null };

describe('message transport', () => {
  it('holds calls made before the link opens and sends them once it does', async () => {
    const transport = createMessageTransport(lost);
    const sent: WebCallMessage[] = [];
    const answer = transport.call('session.state', {});
    expect(transport.connection.get()).toBe('connecting');

    transport.attach((message) => sent.push(message));
    expect(sent.map((m) => m.method)).toEqual(['session.state']);
    transport.receive({ type: 'result', id: sent[0]?.id ?? 0, ok: true, value: signedOut });

    await expect(answer).resolves.toEqual({ ok: true, value: signedOut });
  });

  it('fails waiting and new calls while lost, and works again on a new link', async () => {
    const transport = createMessageTransport(lost);
    const seen: string[] = [];
    transport.connection.subscribe(() => seen.push(transport.connection.get()));
    transport.attach(() => undefined);
    const waiting = transport.call('session.state', {});

    transport.lose();
    await expect(waiting).resolves.toEqual({ ok: false, error: lost });
    await expect(transport.call('session.state', {})).resolves.toEqual({ ok: false, error: lost });

    const sent: WebCallMessage[] = [];
    transport.attach((message) => sent.push(message));
    const again = transport.call('session.state', {});
    transport.receive({ type: 'result', id: sent[0]?.id ?? 0, ok: true, value: signedOut });
    await expect(again).resolves.toMatchObject({ ok: true });
    expect(seen).toEqual(['open', 'lost', 'open']);
  });

  it('delivers events to subscribers, across a reconnect, until they unsubscribe', () => {
    const transport = createMessageTransport(lost);
    const notices: Array<string | null> = [];
    const unsubscribe = transport.subscribe('onSessionChanged', (state) => notices.push(state.notice?.code === 'session-ended' ? state.notice.reason : null));
    transport.attach(() => undefined);
    transport.receive({ type: 'event', event: 'onSessionChanged', payload: { ...signedOut, notice: { code: 'session-ended', reason: 'expired', account: noticeAccount } } });
    transport.lose();
    transport.attach(() => undefined);
    transport.receive({ type: 'event', event: 'onSessionChanged', payload: { ...signedOut, notice: { code: 'session-ended', reason: 'revoked', account: noticeAccount } } });
    unsubscribe();
    transport.receive({ type: 'event', event: 'onSessionChanged', payload: { ...signedOut, notice: 'third' } });
    expect(notices).toEqual(['expired', 'revoked']);
  });
});
