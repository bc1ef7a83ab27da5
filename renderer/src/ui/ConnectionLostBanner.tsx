import { useEffect, useState } from 'react';
import { useHostRecovery, useTryHostNow } from '../bridge/bridge-context.ts';
import type { RecoveryState } from '../bridge/host-recovery.ts';

/** After this long without the host, the tab says what else it may be: a console stopped for good. */
const longWaitMs = 30_000;

/** A clock that ticks each second while `on`, for the countdown to the next look. */
function useSecondTicks(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

function detailOf(state: RecoveryState | null, now: number): string {
  // Electron: main restarts the engine process and the window reloads when it is back.
  if (!state) return 'The console restarts its engine and reloads this window; if nothing happens, reload.';
  if (state.phase === 'gave-up') return 'The connection closed again right after reloading. Reload to try again; if it keeps closing, restart the console.';
  if (state.phase === 'unknown-tab') return 'A console answers on this address but no longer knows this tab: open it from the link it printed when it started.';
  if (state.phase === 'reloading' || state.phase === 'idle') return 'The console engine is back; reloading…';
  const waited = now - state.since;
  const next = state.phase === 'waiting' ? `Reconnecting — next try in ${Math.max(1, Math.ceil((state.nextTryAt - now) / 1000))} s.` : 'Reconnecting…';
  return waited >= longWaitMs ? `${next} If the console was stopped, start it again (npm start); this tab reconnects by itself.` : next;
}

/**
 * Shown while the console engine cannot be reached: in the browser the tab looks for the web host
 * and reloads by itself once it answers (bridge/host-recovery.ts); in Electron main restarts the
 * engine and the window reloads. What is left to a person is said here.
 */
export function ConnectionLostBanner() {
  const state = useHostRecovery();
  const tryNow = useTryHostNow();
  const now = useSecondTicks(state?.phase === 'waiting' || state?.phase === 'checking');
  const canTryNow = state?.phase === 'waiting' || state?.phase === 'unknown-tab';
  const manual = !state || state.phase === 'gave-up';
  return (
    <div className="connection-lost" role="alert">
      <span className="connection-lost__icon" aria-hidden="true">!</span>
      <span className="connection-lost__text">
        <strong>Lost connection to the console engine.</strong> <span data-testid="connection-lost-detail">{detailOf(state, now)}</span>
      </span>
      {manual && (
        <button type="button" className="button button--danger" onClick={() => window.location.reload()}>
          Reload
        </button>
      )}
      {canTryNow && (
        <button type="button" className="button" onClick={tryNow}>
          Try now
        </button>
      )}
    </div>
  );
}
