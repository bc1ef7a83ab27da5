import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, developmentContentSecurityPolicy } from './content-security-policy.ts';
import { mapGatewayScheme } from './map-gateway.ts';

const directive = (policy: string, name: string) => policy.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1) ?? [];

describe('the renderer CSP (issue 15 S9)', () => {
  it('lets WebSockets reach only the page\'s own host (the bridge), in production and development', () => {
    for (const policy of [contentSecurityPolicy, developmentContentSecurityPolicy]) {
      const connect = directive(policy, 'connect-src');
      expect(connect).toContain("'self'");
      expect(connect).not.toContain('ws:');
      expect(connect).not.toContain('wss:');
      expect(connect.some((source) => source === '*' || source.startsWith('ws'))).toBe(false);
    }
  });

  it('lets the page connect to its own host and the map gateway only: no http(s) origin, no wildcard', () => {
    for (const policy of [contentSecurityPolicy, developmentContentSecurityPolicy]) {
      expect(directive(policy, 'connect-src')).toEqual(["'self'", `${mapGatewayScheme}:`]);
    }
    // default-src is the fallback of every fetch directive not named: it must not open more.
    expect(directive(contentSecurityPolicy, 'default-src')).toEqual(["'self'"]);
  });

  it('keeps scripts to the bundle and forbids framing, plugins and form posts', () => {
    expect(directive(contentSecurityPolicy, 'script-src')).toEqual(["'self'"]);
    expect(directive(contentSecurityPolicy, 'object-src')).toEqual(["'none'"]);
    expect(directive(contentSecurityPolicy, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(contentSecurityPolicy, 'form-action')).toEqual(["'none'"]);
  });
});
