import { Component, createElement, Suspense, use, type ComponentType, type ReactNode } from 'react';
import { Spinner } from '../ui/Spinner.tsx';

/**
 * A part of the console that is not on the first screen, loaded as its own chunk the first time
 * it is shown (docs/decisions/0085-renderer-code-splitting.md).
 *
 * `prefetch()` starts the download early (on hover, when a panel opens, when the browser is idle);
 * once it has arrived, `Lazy` renders in the same frame, with no fallback at all. Until then it
 * suspends (React's `use`, the mechanism `React.lazy` is built on; a module we already hold is
 * rendered synchronously, which `React.lazy` cannot promise). A failed download (an app updated
 * under a running window, a file removed) shows a retry instead of a blank panel.
 */
export interface LazyFeature<P extends object> {
  /** Renders the feature inside its own Suspense and error boundary. */
  Lazy: ComponentType<P>;
  /** Starts loading the chunk; safe to call any number of times. */
  prefetch(): void;
}

export function lazyFeature<P extends object>(
  name: string,
  load: () => Promise<ComponentType<P>>,
  fallback: (name: string) => ReactNode = (label) => <LoadingFeature name={label} />,
): LazyFeature<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const start = (): Promise<ComponentType<P>> => {
    pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        // Forget the failure, so Retry (or the next prefetch) asks again.
        pending = null;
        throw error;
      },
    );
    return pending;
  };

  function Loaded(props: P) {
    // The same component object on every render (loaded once), so nothing remounts.
    return createElement(loaded ?? use(start()), props);
  }
  // Always the same tree, loaded or not: a change of shape would remount the feature and lose its state.
  function Lazy(props: P) {
    return (
      <FeatureLoadBoundary name={name} isLoaded={() => loaded !== null}>
        <Suspense fallback={fallback(name)}>
          <Loaded {...props} />
        </Suspense>
      </FeatureLoadBoundary>
    );
  }
  Lazy.displayName = `Lazy(${name})`;
  return {
    Lazy,
    prefetch: () => void start().catch(() => undefined),
  };
}

/**
 * Prefetches once the browser has nothing else to do (after the first screen is drawn), so a
 * dispatcher's first click on a rarely used part does not wait for the network or the disk.
 */
export function prefetchWhenIdle(...features: readonly Pick<LazyFeature<never>, 'prefetch'>[]): () => void {
  const run = () => features.forEach((f) => f.prefetch());
  // Chromium (Electron and the browsers the web host serves) always has requestIdleCallback.
  const id = window.requestIdleCallback(run, { timeout: 10_000 });
  return () => window.cancelIdleCallback(id);
}

/** The fallback: one line the height of a text row, so the panel does not jump when it arrives. */
function LoadingFeature({ name }: { name: string }) {
  return (
    <p className="lazy-feature muted" role="status">
      <Spinner /> Loading {name}…
    </p>
  );
}

interface BoundaryState {
  error: Error | null;
}

/** Catches a failed chunk download; a bug in the loaded feature goes on to the CrashBoundary. */
class FeatureLoadBoundary extends Component<{ name: string; isLoaded(): boolean; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (this.props.isLoaded()) throw error;
    return (
      <div className="lazy-feature lazy-feature--failed" role="alert">
        <p>
          Could not load {this.props.name}: {error.message}
        </p>
        <button type="button" className="button button--small" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
