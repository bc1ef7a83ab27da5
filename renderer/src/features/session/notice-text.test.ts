import { describe, expect, it } from 'vitest';
import { sessionNoticeText, unlockProblemText, vaultNoticeText, vaultStatusText } from './notice-text.ts';

const account = { username: 'maria', serverUrl: 'https://fleet.example.com' };

describe('vault notice words', () => {
  it('says where sign-ins are kept and how to enable the keychain, per reason and system', () => {
    const missing = vaultNoticeText({ vault: 'memory', reason: 'keychain-module-missing', platform: 'linux', detail: "Cannot find module 'keytar'" });
    expect(missing.where).toBe('Sign-ins are kept in memory only (no keychain module).');
    expect(missing.command).toBe('sudo apt-get install libsecret-1-dev gnome-keyring && npm install');
    expect(missing.consequence).toMatch(/review the offline data with your password/);

    const noService = vaultNoticeText({ vault: 'encrypted-file', reason: 'keychain-unavailable', platform: 'linux', detail: 'Cannot autolaunch D-Bus' });
    expect(noService.where).toBe('Sign-ins are kept in an encrypted file in the console profile (no keychain service answered).');
    expect(noService.fix).toMatch(/Secret Service/);
    expect(noService.command).toBeNull();
    expect(noService.consequence).toBeNull();

    expect(vaultNoticeText({ vault: 'memory', reason: 'keychain-no-answer', platform: 'darwin', detail: '' }).fix).toMatch(/Unlock the keychain/);
    expect(vaultNoticeText({ vault: 'memory', reason: 'keychain-module-missing', platform: 'win32', detail: '' }).fix).toMatch(/Reinstall/);
    expect(vaultStatusText({ kind: 'keychain', notice: null }).where).toBe('Sign-ins are kept in the system keychain.');
  });
});

describe('session notice words', () => {
  it('words each code with its parameters', () => {
    expect(sessionNoticeText({ code: 'sign-in-not-kept', accounts: [account] })).toBe('Your sign-in was not kept for maria on https://fleet.example.com. Sign in again.');
    expect(sessionNoticeText({ code: 'session-ended', reason: 'revoked', account })).toMatch(/^Your session for maria on https:\/\/fleet\.example\.com was revoked/);
    expect(sessionNoticeText({ code: 'session-ended', reason: 'expired', account })).toMatch(/has expired/);
  });
});

describe('offline unlock problems', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');
  it('counts down the free attempts, then names the time of the next one', () => {
    expect(unlockProblemText('wrong-credentials', { failedAttempts: 1, retryAfter: null }, now)).toBe('Wrong password. 4 attempts left before a pause.');
    expect(unlockProblemText('wrong-credentials', { failedAttempts: 4, retryAfter: null }, now)).toBe('Wrong password. 1 attempt left before a pause.');
    expect(unlockProblemText('throttled', { failedAttempts: 5, retryAfter: '2026-12-06T10:00:30Z' }, now)).toMatch(/^Too many wrong passwords\. Try again at /);
  });
});
