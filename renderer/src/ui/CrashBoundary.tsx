import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/**
 * Last line of defence: a rendering bug must never leave a dispatcher staring at a blank
 * window. Shows what failed and a way back; the engine (and its cache and queue) is unaffected.
 */
export class CrashBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The console view crashed:', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="crash-screen" role="alert">
        <h1>The console view stopped working</h1>
        <p>
          Your sign-in, offline data and queued actions are safe. Reload the view to continue. If this keeps
          happening, note what you were doing and tell your administrator.
        </p>
        <pre className="crash-screen__detail">{error.message}</pre>
        <button type="button" className="crash-screen__reload" onClick={() => window.location.reload()} autoFocus>
          Reload the view
        </button>
      </div>
    );
  }
}
