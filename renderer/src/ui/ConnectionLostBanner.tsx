import { lostConnectionMessage } from '../bridge/web-socket-transport.ts';

/** Shown when the web host's socket closed: nothing works until the window is reloaded. */
export function ConnectionLostBanner() {
  return (
    <div className="connection-lost" role="alert">
      <span className="connection-lost__icon" aria-hidden="true">!</span>
      <span>{lostConnectionMessage}</span>
      <button type="button" className="button button--danger" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
