import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ConsoleTrip } from '../../../../contract/bridge/domains/trips-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { useUnits } from '../../ui/units.ts';
import { useNow } from '../../ui/use-now.ts';
import { useConsoleStore } from '../console/console-store.ts';
import { useFleet } from '../live/use-fleet.ts';
import { addressLine } from '../../../../contract/address-words.ts';
import { AddressText } from '../places/AddressText.tsx';
import { useReplayStore } from './replay-store.ts';
import { formatDuration } from './track-math.ts';
import { shiftDay, startOfDay } from './trip-day.ts';
import { downloadText } from '../../ui/download.ts';
import { exportFileName } from '../../../../contract/reports/report-formats.ts';
import { tripsToCsv, tripsToGpx, type ExportTrip } from './trip-export.ts';
import { prefetchReplay, TripReplay } from './lazy-replay.tsx';
import { fetchTrack, useLatestTripDay, useTrackProgress, useTripsOfDay } from './use-trips.ts';
import './trips.css';
import { errorText } from '../../ui/error-text.ts';

type Format = 'csv' | 'gpx';

/** Trips of the selected vehicle per day (tenant calendar), replay and CSV/GPX export — all from the cache offline. */
export function TripsPanel({ workspaceId }: { workspaceId: string }) {
  const units = useUnits();
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const deviceId = useConsoleStore((s) => s.selectedDeviceId);
  const fleet = useFleet(workspaceId);
  const device = fleet.data?.devices.find((d) => d.id === deviceId) ?? null;
  const now = useNow(60_000);
  const today = units.day(now);
  // Null until the dispatcher picks a day: then the panel opens on the vehicle's latest day with trips.
  const [chosenDay, setDay] = useState<string | null>(null);
  const latest = useLatestTripDay(workspaceId, deviceId, today, units, chosenDay === null);
  const openingDay = latest.isPending && latest.fetchStatus !== 'idle' ? null : (latest.data ?? today);
  const day = chosenDay ?? openingDay ?? today;
  const settling = chosenDay === null && openingDay === null;
  const trips = useTripsOfDay(workspaceId, deviceId, day, units.timeZone);
  const replayTripId = useReplayStore((s) => s.track?.tripId ?? null);
  const load = useReplayStore((s) => s.load);
  const [loadingId, setLoadingId] = useState<string | null>(null);
  const progress = useTrackProgress(workspaceId, loadingId);
  // Whoever opens the trips panel is likely to replay one next: fetch the replay's code now.
  useEffect(prefetchReplay, []);

  const open = useMutation({
    mutationFn: (trip: ConsoleTrip) => fetchTrack(queryClient, bridge, workspaceId, trip),
    onMutate: (trip) => setLoadingId(trip.id),
    onSuccess: (track) => load(track, device?.name ?? 'Vehicle'),
    onSettled: () => setLoadingId(null),
  });
  const exportDay = useMutation({
    mutationFn: async (format: Format) => {
      const items = [...(trips.data?.items ?? [])].reverse();
      const out: ExportTrip[] = [];
      // One at a time: tracks can be large and the engine may be downloading them.
      for (const trip of items) out.push({ vehicleName: device?.name ?? 'Vehicle', startMs: Date.parse(trip.startTime), track: await fetchTrack(queryClient, bridge, workspaceId, trip), ...exportPlaces(trip, units) });
      save(out, format, [device?.name ?? 'vehicle', day]);
    },
  });

  if (!device) {
    return (
      <div className="panel-empty">
        <p className="panel-empty__title">No vehicle selected</p>
        <p className="muted">Pick a vehicle in the list or on the map to see its trips day by day, replay them and export them.</p>
      </div>
    );
  }

  const items = settling ? [] : (trips.data?.items ?? []);
  const totalKm = items.reduce((sum, t) => sum + t.distanceKm, 0);
  return (
    <div className="trips" data-testid="trips-panel">
      <header className="trips__header">
        <h2 className="trips__vehicle">{device.name}</h2>
        <div className="trips__day" role="group" aria-label="Day">
          <button type="button" className="button button--small" onClick={() => setDay(shiftDay(day, -1))} aria-label="Previous day">
            ‹
          </button>
          <label className="visually-hidden" htmlFor="trips-day">
            Day
          </label>
          <input id="trips-day" type="date" className="input" value={day} max={today} onChange={(e) => e.target.value && setDay(e.target.value)} />
          <button type="button" className="button button--small" onClick={() => setDay(shiftDay(day, 1))} disabled={day >= today} aria-label="Next day">
            ›
          </button>
        </div>
      </header>

      {chosenDay === null && openingDay !== null && openingDay !== today && (
        <p className="muted trips__note" role="note">
          No trips today — showing {units.shortDate(startOfDay(openingDay, units.timeZone))}, this vehicle's latest.
        </p>
      )}
      {(trips.isPending || settling) && (
        <p className="muted" role="status">
          <Spinner /> Loading trips…
        </p>
      )}
      {trips.isError && <InlineAlert tone="error">Could not load trips: {errorText(trips.error)}</InlineAlert>}
      {trips.data && !settling && items.length === 0 && (
        <div className="panel-empty">
          <p className="panel-empty__title">No trips on this day</p>
          <p className="muted">Trips appear once the vehicle has driven and its data has synced to this computer.</p>
        </div>
      )}
      {items.length > 0 && (
        <>
          <div className="trips__summary">
            <span>
              {items.length} {items.length === 1 ? 'trip' : 'trips'} · {units.distance(totalKm)}
            </span>
            <span className="trips__export" role="group" aria-label="Export day">
              Export day
              {(['csv', 'gpx'] as const).map((f) => (
                <button key={f} type="button" className="button button--small" disabled={exportDay.isPending} onClick={() => exportDay.mutate(f)}>
                  {f.toUpperCase()}
                </button>
              ))}
            </span>
          </div>
          {exportDay.isError && <InlineAlert tone="error">The day could not be exported: {errorText(exportDay.error)}</InlineAlert>}
          <ol className="trip-list" aria-label="Trips">
            {items.map((trip) => (
              <TripRow key={trip.id} trip={trip} active={trip.id === replayTripId} loading={trip.id === loadingId} progress={progress} onOpen={() => open.mutate(trip)} />
            ))}
          </ol>
          {open.isError && <InlineAlert tone="error">{errorText(open.error)}</InlineAlert>}
        </>
      )}
      {replayTripId && <TripReplay />}
      {replayTripId && <TripExport trip={items.find((t) => t.id === replayTripId) ?? null} />}
    </div>
  );
}

function TripRow({ trip, active, loading, progress, onOpen }: { trip: ConsoleTrip; active: boolean; loading: boolean; progress: number | null; onOpen(): void }) {
  const units = useUnits();
  const start = Date.parse(trip.startTime);
  const end = Date.parse(trip.endTime);

  return (
    <li>
      <button type="button" className="trip-row" aria-current={active ? 'true' : undefined} onClick={onOpen} disabled={loading}>
        <span className="trip-row__time mono">
          {units.time(start)} – {trip.status === 'open' ? 'now' : units.time(end)}
        </span>
        <span className="trip-row__facts">
          {units.distance(trip.distanceKm)} · {formatDuration(trip.durationS * 1000)} · max {units.speed(trip.maxSpeedKmh)}
        </span>
        <span className="trip-row__places" data-testid="trip-places">
          <TripPlace place={trip.start} />
          <span aria-label="to"> → </span>
          {trip.status === 'open' ? <span className="muted">driving</span> : <TripPlace place={trip.end} />}
        </span>
        <span className="trip-row__badges">
          {trip.status === 'open' && <span className="badge badge--info">In progress</span>}
          {!trip.trackCached && trip.status === 'closed' && <span className="badge badge--warning" title="Replay needs the connection until the track is downloaded">Not yet offline</span>}
          {loading && (
            <span className="muted" role="status">
              <Spinner /> {progress !== null ? `${Math.round(progress * 100)} %` : 'Loading track…'}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

/** A trip's end: the geofence it lies in (when one does) and its address. */
function TripPlace({ place }: { place: ConsoleTrip['start'] }) {
  return (
    <span className="trip-place">
      {place.name && <strong className="trip-place__zone">{place.name} · </strong>}
      <AddressText address={place.address} point={place} />
    </span>
  );
}

/** Export of the trip being replayed. */
function TripExport({ trip: summary }: { trip: ConsoleTrip | null }) {
  const s = useReplayStore();
  const units = useUnits();
  if (!s.track) return null;
  const trip: ExportTrip = { vehicleName: s.vehicleName, startMs: s.startMs, track: s.track, ...(summary ? exportPlaces(summary, units) : {}) };
  const day = new Date(s.startMs).toISOString().slice(0, 16).replace(':', '');
  return (
    <div className="trips__export" role="group" aria-label="Export trip">
      Export trip
      {(['csv', 'gpx'] as const).map((f) => (
        <button key={f} type="button" className="button button--small" onClick={() => save([trip], f, [s.vehicleName, day])}>
          {f.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

/** A trip's start and end addresses in words, for the exports. */
function exportPlaces(trip: ConsoleTrip, units: ReturnType<typeof useUnits>): Pick<ExportTrip, 'startAddress' | 'endAddress'> {
  const words = (place: ConsoleTrip['start']) => [place.name, addressLine(place.address, units, place)].filter(Boolean).join(' · ');
  return { startAddress: words(trip.start), endAddress: trip.status === 'open' ? undefined : words(trip.end) };
}

function save(trips: ExportTrip[], format: Format, nameParts: string[]) {
  const name = exportFileName(nameParts, format);
  if (format === 'csv') downloadText(name, tripsToCsv(trips), 'text/csv;charset=utf-8');
  else downloadText(name, tripsToGpx(nameParts.join(' '), trips), 'application/gpx+xml');
}
