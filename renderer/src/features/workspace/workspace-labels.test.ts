import { describe, expect, it } from 'vitest';
import { accountLabel, roleLabel } from './workspace-labels.ts';

describe('workspace labels', () => {
  it('shows user and server host, not the full URL', () => {
    expect(accountLabel({ username: 'maria', serverUrl: 'https://fleet.example.com/' })).toBe('maria @ fleet.example.com');
    expect(accountLabel({ username: 'ops', serverUrl: 'http://127.0.0.1:8080' })).toBe('ops @ 127.0.0.1:8080');
    expect(accountLabel({ username: 'x', serverUrl: 'not a url' })).toBe('x @ not a url');
  });

  it('names roles for people', () => {
    expect(roleLabel('operator')).toBe('Platform operator');
    expect(roleLabel('dispatcher')).toBe('Dispatcher');
  });
});
