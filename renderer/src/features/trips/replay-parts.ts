/**
 * Everything of the trip replay that a dispatcher sees only while replaying: the control strip,
 * the map layer and the banner. One chunk, loaded through `lazy-replay.tsx` (docs/decisions/0085-renderer-code-splitting.md).
 */
export { ReplayBanner } from './ReplayBanner.tsx';
export { ReplayLayer } from './ReplayLayer.tsx';
export { TripReplay } from './TripReplay.tsx';
