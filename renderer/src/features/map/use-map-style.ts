import { useEffect, useMemo, useState } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import type { MapSource } from '../../../../contract/api/settings.ts';
import { offlineStyle, type MapTheme } from './basemap-style.ts';

export interface ResolvedMapStyle {
  style: StyleSpecification | string;
  /** Why the tenant's online style is not shown, for a small notice on the map; null when fine. */
  notice: string | null;
  online: boolean;
}

const probeTimeoutMs = 4000;

/**
 * The tenant's configured online style when one is set and answers; otherwise the bundled
 * offline basemap. The probe is one GET of the style document: if that fails, tiles would too,
 * and a blank map is worse than the offline one.
 */
export function useMapStyle(source: MapSource | null, theme: MapTheme): ResolvedMapStyle {
  const offline = useMemo(() => offlineStyle(theme), [theme]);
  const styleUrl = source?.kind === 'style' ? source.styleUrl : null;
  const [probe, setProbe] = useState<{ url: string; ok: boolean; reason: string | null } | null>(null);

  useEffect(() => {
    if (!styleUrl) return;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), probeTimeoutMs);
    fetch(styleUrl, { signal: controller.signal })
      .then((response) => setProbe({ url: styleUrl, ok: response.ok, reason: response.ok ? null : `the style server answered ${response.status}` }))
      .catch(() => setProbe({ url: styleUrl, ok: false, reason: 'the style server cannot be reached' }))
      .finally(() => clearTimeout(timer));
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [styleUrl]);

  if (styleUrl && probe?.url === styleUrl && probe.ok) return { style: styleUrl, notice: null, online: true };
  const notice = styleUrl && probe?.url === styleUrl && !probe.ok ? `Showing the offline map: ${probe.reason ?? 'style unavailable'}.` : null;
  return { style: offline, notice, online: false };
}
