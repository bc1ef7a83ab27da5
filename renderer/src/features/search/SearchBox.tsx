import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { Device } from '../../../../contract/api/devices.ts';
import type { PlaceResult } from '../../../../contract/api/places.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useConsoleStore } from '../console/console-store.ts';
import { StatusPill } from '../devices/StatusPill.tsx';
import { useFleetStore } from '../live/use-fleet.ts';
import { usePlaceTarget } from '../places/place-target-store.ts';
import { fleetCentre } from './fleet-centre.ts';
import { searchVehicles } from './search-vehicles.ts';
import './search.css';

type Item = { kind: 'vehicle'; device: Device } | { kind: 'place'; place: PlaceResult };

/** Places are asked for once typing pauses this long, and from this many characters on. */
const debounceMs = 200;
const minPlaceChars = 2;

/**
 * The console's one search box, over the map (Ctrl+F: "find"; Ctrl+K is the workspace switcher): vehicles by name, plate or unit id from
 * the fleet on this computer, and streets and places from the fleet cloud (`places.search`),
 * grouped. Arrow keys and Enter pick; a vehicle is selected and followed, a place gets a pin and
 * its nearest vehicles.
 */
export function SearchBox({ workspaceId, devices }: { workspaceId: string; devices: readonly Device[] }) {
  const bridge = useBridge();
  const store = useFleetStore();
  const select = useConsoleStore((s) => s.select);
  const setFollowing = useConsoleStore((s) => s.setFollowing);
  const showPlace = usePlaceTarget((s) => s.show);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [query, setQuery] = useState('');
  const [settled, setSettled] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setSettled(query.trim()), debounceMs);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const places = useQuery({
    queryKey: queryKeys.placeSearch(workspaceId, settled.toLocaleLowerCase()),
    enabled: settled.length >= minPlaceChars,
    queryFn: () => bridge.places.search({ workspaceId, q: settled, near: fleetCentre(store) ?? undefined, limit: 6 }),
    staleTime: 5 * 60_000,
    retry: false,
  });

  const vehicles = searchVehicles(devices, query);
  const placeResults = settled.length >= minPlaceChars ? (places.data?.results ?? []) : [];
  const items: Item[] = [...vehicles.map((device) => ({ kind: 'vehicle' as const, device })), ...placeResults.map((place) => ({ kind: 'place' as const, place }))];
  const shown = open && query.trim() !== '';
  const current = Math.min(active, items.length - 1);

  const pick = (item: Item | undefined) => {
    if (!item) return;
    if (item.kind === 'vehicle') {
      select(item.device.id, { focus: true });
      setFollowing(true);
    } else {
      const { place } = item;
      showPlace({ latitude: place.latitude, longitude: place.longitude, label: place.locality ? `${place.name}, ${place.locality}` : place.name, bounds: place.bounds, fly: true });
    }
    setOpen(false);
    setQuery('');
    input.current?.blur();
  };

  const optionId = (k: number) => `${listId}-${k}`;
  return (
    <div className="search" role="search">
      <label className="visually-hidden" htmlFor="place-search">
        Search vehicles and places
      </label>
      <input
        ref={input}
        id="place-search"
        className="input search__input"
        type="search"
        placeholder="Find a vehicle, street or place"
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && current >= 0 ? optionId(current) : undefined}
        aria-keyshortcuts="Control+F"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setOpen(true);
            const step = event.key === 'ArrowDown' ? 1 : -1;
            setActive((k) => (items.length === 0 ? 0 : (Math.max(0, Math.min(k, items.length - 1)) + step + items.length) % items.length));
          } else if (event.key === 'Enter') {
            event.preventDefault();
            pick(items[current]);
          } else if (event.key === 'Escape') {
            if (query) setQuery('');
            else input.current?.blur();
          }
        }}
      />
      <kbd className="kbd search__shortcut" aria-hidden="true">
        Ctrl F
      </kbd>
      {shown && (
        <div className="search__results" id={listId} role="listbox" aria-label="Search results" onMouseDown={(e) => e.preventDefault()}>
          <p className="search__group">Vehicles</p>
          {vehicles.length === 0 && <p className="search__empty">No vehicle matches</p>}
          {vehicles.map((device, k) => {
            const i = store.indexOf(device.id);
            return (
              <div key={device.id} id={optionId(k)} role="option" aria-selected={k === current} className="search__option" onClick={() => pick(items[k])} onMouseEnter={() => setActive(k)}>
                <span className="search__name">{device.name}</span>
                <span className="search__meta mono">{device.plate ?? device.uniqueId}</span>
                <StatusPill status={i >= 0 ? store.statusOf(i) : device.status} />
              </div>
            );
          })}
          <p className="search__group">
            Streets and places
            {places.data?.offline && <span className="search__offline"> · offline: only places found before</span>}
          </p>
          {query.trim().length < minPlaceChars ? (
            <p className="search__empty">Type at least {minPlaceChars} letters</p>
          ) : places.isFetching || settled !== query.trim() ? (
            <p className="search__empty" role="status">
              <Spinner /> Searching…
            </p>
          ) : places.isError ? (
            <p className="search__empty search__error">Places could not be searched: {places.error.message}</p>
          ) : placeResults.length === 0 ? (
            <p className="search__empty">No street or place matches</p>
          ) : null}
          {!places.isFetching &&
            placeResults.map((place, j) => {
              const k = vehicles.length + j;
              return (
                <div key={place.id} id={optionId(k)} role="option" aria-selected={k === current} className="search__option" onClick={() => pick(items[k])} onMouseEnter={() => setActive(k)}>
                  <span className="search__name">{place.name}</span>
                  <span className="search__meta">{[place.locality, kindLabel[place.kind]].filter(Boolean).join(' · ')}</span>
                </div>
              );
            })}
        </div>
      )}
    </div>
  );
}

const kindLabel: Record<PlaceResult['kind'], string> = { street: 'street', locality: 'town or district', address: 'address' };
