import { useCallback, useEffect, useMemo } from 'react';
import { TimeChart, type ChartSeries } from '../../ui/chart/TimeChart.tsx';
import { useUnits } from '../../ui/units.ts';
import { AddressText } from '../places/AddressText.tsx';
import { useAddresses } from '../places/use-addresses.ts';
import { useReplayStore, startReplayClock } from './replay-store.ts';
import { formatDuration, positionAt, replaySpeeds, type ReplaySpeed } from './track-math.ts';

/**
 * Replay controls of the loaded trip: play/pause, speed 1×–64×, a scrubbable timeline, follow,
 * the speed chart (its cursor moves with the timeline and dragging on it seeks) and the stops.
 */
export function TripReplay() {
  const units = useUnits();
  const s = useReplayStore();
  useEffect(() => startReplayClock(), []);
  const stopAddresses = useAddresses(s.track?.workspaceId ?? '', s.stops.map((stop) => ({ latitude: stop.lat, longitude: stop.lon })));
  const { track, startMs, seek } = s;
  // Built once per trip: the clock moves 20 times a second and only moves the chart's marker.
  const chart = useMemo(() => {
    if (!track) return null;
    const values = track.speedKmh.map(units.speedValue);
    const series: ChartSeries[] = [{ label: 'Speed', kind: 'line', colour: 'accent', values, format: (v) => `${units.number(v)} ${units.speedUnit}` }];
    return { times: track.t.map((t) => startMs + t), series, max: values.reduce((m, v) => Math.max(m, v), 0), axis: (v: number) => units.number(v) };
  }, [track, startMs, units]);
  const seekTo = useCallback((epochMs: number) => seek(epochMs - startMs), [seek, startMs]);
  if (!track || !chart) return null;
  const head = positionAt(track, s.time);

  return (
    <section className="replay" aria-label="Trip replay" data-testid="trip-replay">
      <div className="replay__head">
        <div>
          <p className="replay__title">Replay · {s.vehicleName}</p>
          <p className="replay__clock mono" data-testid="replay-clock">
            {units.time(s.startMs + s.time)}
          </p>
          <p className="muted replay__speed-now">{head ? units.speed(head.speedKmh) : '—'} · {formatDuration(s.time)} into the trip</p>
        </div>
        <button type="button" className="button button--small" onClick={s.clear}>
          Close replay
        </button>
      </div>
      <div className="replay__controls">
        <button type="button" className="button button--primary replay__play" onClick={() => s.setPlaying(!s.playing)} aria-label={s.playing ? 'Pause' : 'Play'}>
          {s.playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <label className="visually-hidden" htmlFor="replay-speed">
          Replay speed
        </label>
        <select id="replay-speed" className="input replay__speed" value={s.speed} onChange={(e) => s.setSpeed(Number(e.target.value) as ReplaySpeed)}>
          {replaySpeeds.map((x) => (
            <option key={x} value={x}>
              {x}×
            </option>
          ))}
        </select>
        <button type="button" className="button" aria-pressed={s.follow} onClick={() => s.setFollow(!s.follow)}>
          {s.follow ? 'Following' : 'Follow'}
        </button>
        <button type="button" className="button" onClick={s.requestFit}>
          Whole trip
        </button>
      </div>
      <input
        type="range"
        className="replay__timeline"
        aria-label="Replay position"
        aria-valuetext={`${units.time(s.startMs + s.time)}, ${formatDuration(s.time)} into the trip`}
        min={0}
        max={s.durationMs}
        step={1000}
        value={s.time}
        onChange={(e) => s.seek(Number(e.target.value))}
      />
      <div className="replay__ends muted">
        <span>{units.time(s.startMs)}</span>
        <span>{formatDuration(s.durationMs)}</span>
        <span>{units.time(s.startMs + s.durationMs)}</span>
      </div>
      <TimeChart
        title="Speed during the trip"
        summary={`max ${units.number(chart.max)} ${units.speedUnit}`}
        times={chart.times}
        series={chart.series}
        resolution="time"
        formatAxis={chart.axis}
        zeroBased
        height={130}
        marker={startMs + s.time}
        onSeek={seekTo}
        empty="no positions recorded in this trip."
      />
      {s.stops.length > 0 ? (
        <div className="replay__stops">
          <p className="replay__subtitle">Stops ({s.stops.length})</p>
          <ol>
            {s.stops.map((stop, k) => (
              <li key={stop.startT}>
                <button type="button" className="button button--link" onClick={() => s.seek(stop.startT)}>
                  {units.time(s.startMs + stop.startT)}
                </button>{' '}
                <span className="muted">stood {formatDuration(stop.endT - stop.startT)}</span>
                <span className="replay__stop-place">
                  <AddressText lookup={stopAddresses[k] ?? null} />
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p className="muted">No stops longer than 90 s during this trip.</p>
      )}
    </section>
  );
}
