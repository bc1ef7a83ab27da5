import { create } from 'zustand';
import type { ConsoleTripTrack } from '../../../../contract/bridge/domains/trips-domain.ts';
import { findStops, type ReplaySpeed, type Stop } from './track-math.ts';

/**
 * The trip being replayed, shared by the Trips panel (controls, chart) and the map's replay layer.
 * `time` is the offset from the trip's start in ms. The map layer subscribes outside React, so a
 * playing replay re-renders only the small control strip, never the map tree.
 */
interface ReplayState {
  track: ConsoleTripTrack | null;
  vehicleName: string;
  startMs: number;
  durationMs: number;
  stops: Stop[];
  time: number;
  playing: boolean;
  speed: ReplaySpeed;
  follow: boolean;
  /** Bumped to ask the map to frame the whole trip. */
  fitRequest: number;
  load(track: ConsoleTripTrack, vehicleName: string): void;
  seek(time: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: ReplaySpeed): void;
  setFollow(follow: boolean): void;
  requestFit(): void;
  clear(): void;
}

const idle = { track: null, vehicleName: '', startMs: 0, durationMs: 0, stops: [], time: 0, playing: false, follow: false };

export const useReplayStore = create<ReplayState>()((set, get) => ({
  ...idle,
  speed: 16,
  fitRequest: 0,
  load: (track, vehicleName) =>
    set((s) => ({
      track,
      vehicleName,
      startMs: Date.parse(track.startTime),
      durationMs: track.t.at(-1) ?? 0,
      stops: findStops(track),
      time: 0,
      playing: false,
      fitRequest: s.fitRequest + 1,
    })),
  seek: (time) => set({ time: Math.min(Math.max(0, time), get().durationMs) }),
  setPlaying: (playing) => {
    const s = get();
    // Play at the end starts over: what a person pressing play after the end expects.
    set(playing && s.time >= s.durationMs ? { playing, time: 0 } : { playing });
  },
  setSpeed: (speed) => set({ speed }),
  setFollow: (follow) => set({ follow }),
  requestFit: () => set((s) => ({ fitRequest: s.fitRequest + 1 })),
  clear: () => set({ ...idle }),
}));

/** How often a playing replay commits its clock: 20 Hz is smooth on the map and cheap for React. */
export const replayTickMs = 50;

/** Advances a playing replay by wall-clock time × speed; returns a stop function. */
export function startReplayClock(): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const s = useReplayStore.getState();
    const elapsed = now - last;
    last = now;
    if (!s.playing || !s.track) return;
    const next = s.time + elapsed * s.speed;
    if (next >= s.durationMs) useReplayStore.setState({ time: s.durationMs, playing: false });
    else useReplayStore.setState({ time: next });
  }, replayTickMs);
  return () => clearInterval(timer);
}
