import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { mapSourceUrl, type MapSource } from '../../../../contract/api/settings.ts';
import { useMapGateway } from '../../bridge/bridge-context.ts';
import { offlineStyle, type MapTheme } from './basemap-style.ts';
import { checkOnlineMap, describeMapProblem, type MapCheck, type MapProblem } from './online-map-check.ts';

export interface ResolvedMapStyle {
  style: StyleSpecification | string;
  /** Why the tenant's online map is not shown, for a small notice on the map; null when fine. */
  notice: string | null;
  online: boolean;
  /** The map reports errors of the online map here; a few in a row switch to the shipped map. */
  reportError(message: string): void;
}

/**
 * The check's reads go through the host's map gateway, which shares the engine with the first sync
 * of a workspace just opened, and which itself answers `timeout` after 15 s of a silent tile
 * server (docs/decisions/0240-map-gateway.md): this is the backstop for a host that does not
 * answer. The shipped map shows meanwhile.
 */
const probeTimeoutMs = 10_000;
/** Tile or style errors from the online map before giving up on it (one lost tile is not enough). */
const errorsBeforeFallback = 3;

/**
 * The tenant's configured online map (a MapLibre style URL or a PMTiles archive URL) when one is
 * set and answers; otherwise the shipped offline basemap (with the workspace's region pack). Before switching, the style document
 * or the archive's header is loaded; after switching, repeated errors (tiles failing because the
 * server went away) fall back to the shipped map too, with a notice saying why.
 */
export function useMapStyle(source: MapSource | null, theme: MapTheme): ResolvedMapStyle {
  const offline = useMemo(() => offlineStyle(theme), [theme]);
  const gateway = useMapGateway();
  const target = source ? mapSourceUrl(source) : null;
  const key = source && target ? `${source.kind}|${target.url}|${theme}` : null;
  const [probe, setProbe] = useState<{ key: string; check: MapCheck } | null>(null);
  const [failure, setFailure] = useState<{ key: string; problem: MapProblem } | null>(null);
  const errors = useRef({ key: '', count: 0 });

  useEffect(() => {
    if (!source || !key) return;
    let current = true;
    void checkOnlineMap(source, gateway, theme, probeTimeoutMs).then((check) => {
      if (current) setProbe({ key, check });
    });
    return () => {
      current = false;
    };
    // `key` covers the source's kind, URL and the theme; the gateway is the host's, fixed for the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const reportError = useCallback(
    (message: string) => {
      if (!key) return;
      if (errors.current.key !== key) errors.current = { key, count: 0 };
      if (++errors.current.count === errorsBeforeFallback) setFailure({ key, problem: { code: 'tiles_failing', detail: message } });
    },
    [key],
  );

  const check = probe?.key === key ? probe.check : null;
  const failed = failure?.key === key ? failure.problem : null;
  if (check?.ok && !failed) return { style: check.style, notice: null, online: true, reportError };
  const problem = failed ?? (check && !check.ok ? check.problem : null);
  const notice = problem ? `Showing the offline map: ${describeMapProblem(problem)}.` : null;
  return { style: offline, notice, online: false, reportError };
}
