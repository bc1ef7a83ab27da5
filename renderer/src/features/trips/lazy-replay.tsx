import { lazyFeature } from '../../app/lazy-feature.tsx';

/**
 * The replay's entry points (docs/decisions/0085-renderer-code-splitting.md): its parts load as one chunk, asked for when
 * the trips panel opens, so the replay is there by the time a trip is picked. The layer and the
 * banner are mounted only while a trip is replayed; until their code is in they draw nothing.
 */
const load = () => import('./replay-parts.ts');
const tripReplay = lazyFeature('the trip replay', () => load().then((m) => m.TripReplay));
const replayLayer = lazyFeature('the replay layer', () => load().then((m) => m.ReplayLayer), () => null);
const replayBanner = lazyFeature('the replay banner', () => load().then((m) => m.ReplayBanner), () => null);

export const TripReplay = tripReplay.Lazy;
export const ReplayLayer = replayLayer.Lazy;
export const ReplayBanner = replayBanner.Lazy;

export function prefetchReplay(): void {
  tripReplay.prefetch();
  replayLayer.prefetch();
  replayBanner.prefetch();
}
