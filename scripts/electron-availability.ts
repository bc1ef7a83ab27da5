import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronAvailability = { ok: true; binary: string } | { ok: false; reason: string };

/**
 * Can this machine run the desktop app? Electron ≥ 45 fetches its binary on first use; where the
 * network refuses, we say so and the caller serves the same console to a browser instead.
 */
export function electronAvailability(root: string): ElectronAvailability {
  const pkg = join(root, 'node_modules/electron');
  const binary = () => {
    const pathFile = join(pkg, 'path.txt');
    const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
    const full = relative ? join(pkg, 'dist', relative) : '';
    return full && existsSync(full) ? full : null;
  };
  let found = binary();
  if (!found) {
    const download = spawnSync(process.execPath, [join(pkg, 'install.js')], { encoding: 'utf8', timeout: 300_000 });
    found = download.status === 0 ? binary() : null;
    if (!found) return { ok: false, reason: 'the Electron binary is not installed and could not be downloaded here' };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset) to open a window on' };
  }
  return { ok: true, binary: found };
}
