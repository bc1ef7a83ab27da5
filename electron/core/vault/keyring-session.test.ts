import { describe, expect, it } from 'vitest';
import { keyringSessionProblem } from './keyring-session.ts';

describe('keyring session check', () => {
  it('passes inside the private keyring session and off Linux', () => {
    expect(keyringSessionProblem({ FLEET_KEYRING_SESSION: '1' }, 'linux')).toBeNull();
    expect(keyringSessionProblem({}, 'darwin')).toBeNull();
  });

  it('names the reason and the fix when the wrapper could not start one', () => {
    expect(keyringSessionProblem({ FLEET_KEYRING_MISSING: 'gnome-keyring-daemon not found (apt-get install dbus gnome-keyring)' }, 'linux'))
      .toMatch(/gnome-keyring-daemon not found.*npm run test:unit/);
    expect(keyringSessionProblem({}, 'linux')).toMatch(/not started through scripts\/with-keyring\.ts/);
  });
});
