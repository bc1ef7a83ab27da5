import { Map as MapLibreMap, type StyleSpecification } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { mapUrlProblem, type MapSource } from '../../../../contract/api/settings.ts';
import { useBridge, useMapGateway } from '../../bridge/bridge-context.ts';
import { errorText, mapUrlWords } from '../../ui/error-text.ts';
import { registerBasemapProtocols } from '../map/basemap-protocols.ts';
import { checkOnlineMap, describeMapProblem, type MapCheck } from '../map/online-map-check.ts';
import { usePreferences } from '../settings/settings-store.ts';
import { TextField } from '../../ui/TextField.tsx';
import { InlineAlert } from '../../ui/InlineAlert.tsx';


type Preview = { state: 'checking' } | { state: 'ok'; text: string } | { state: 'failed'; text: string };
const checkTimeoutMs = 8000;

/** The map source: shipped basemap, a style URL or a PMTiles URL, with a Preview that loads it. */
export function MapSourceFields({ workspaceId, current }: { workspaceId: string; current: MapSource }) {
  const theme = usePreferences((s) => s.theme);
  const bridge = useBridge();
  const gateway = useMapGateway();
  const [kind, setKind] = useState(current.kind);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewStyle, setPreviewStyle] = useState<Extract<MapCheck, { ok: true }> | null>(null);
  const url = useRef<HTMLInputElement>(null);
  const currentUrl = current.kind === 'style' ? current.styleUrl : current.kind === 'pmtiles' ? current.pmtilesUrl : '';

  const runPreview = async () => {
    const value = url.current?.value.trim() ?? '';
    const problem = mapUrlProblem(value);
    setPreviewStyle(null);
    if (problem) return setPreview({ state: 'failed', text: mapUrlWords[problem] });
    setPreview({ state: 'checking' });
    const source: MapSource = kind === 'pmtiles' ? { kind, pmtilesUrl: value } : { kind: 'style', styleUrl: value };
    // The page reaches tile servers only through the host's map gateway, which serves an unsaved
    // address only while the engine knows an admin is previewing it.
    try {
      await bridge.settings.previewMap({ workspaceId, source });
    } catch (error) {
      return setPreview({ state: 'failed', text: `Cannot preview: ${errorText(error)}` });
    }
    const check = await checkOnlineMap(source, gateway, theme, checkTimeoutMs);
    if (!check.ok) return setPreview({ state: 'failed', text: `Does not work: ${describeMapProblem(check.problem)}.` });
    setPreviewStyle(check);
  };

  return (
    <fieldset className="admin-fieldset map-source">
      <legend>Map</legend>
      <label className="field__label" htmlFor="s-map">
        Map source
        <select id="s-map" name="mapKind" className="input" value={kind} onChange={(e) => (setKind(e.target.value as MapSource['kind']), setPreview(null), setPreviewStyle(null))}>
          <option value="offline">Shipped offline basemap (no network needed)</option>
          <option value="style">Online: MapLibre style URL (style.json)</option>
          <option value="pmtiles">Online: PMTiles archive URL (.pmtiles)</option>
        </select>
      </label>
      {kind !== 'offline' && (
        <>
          <TextField
            ref={url}
            id="s-map-url"
            name="mapUrl"
            type="url"
            label={kind === 'pmtiles' ? 'PMTiles archive URL' : 'Style URL'}
            hint="When it cannot be reached, consoles show the shipped map with a note."
            defaultValue={currentUrl}
            onChange={() => (setPreview(null), setPreviewStyle(null))}
          />
          <div className="admin-form__actions">
            <button type="button" className="button" onClick={() => void runPreview()} disabled={preview?.state === 'checking'}>
              Preview
            </button>
          </div>
        </>
      )}
      {preview?.state === 'checking' && <p className="admin-muted" role="status">Loading the map…</p>}
      {previewStyle && <PreviewMap check={previewStyle} transformRequest={gateway.transformRequest} onResult={setPreview} />}
      {preview?.state === 'ok' && <InlineAlert tone="info">{preview.text}</InlineAlert>}
      {preview?.state === 'failed' && <InlineAlert tone="error">{preview.text}</InlineAlert>}
    </fieldset>
  );
}

/** A small live map of the checked source: it works once its tiles have all loaded. */
function PreviewMap({ check, transformRequest, onResult }: { check: { style: StyleSpecification | string; summary: string; view?: { center: [number, number]; zoom: number } }; transformRequest: (url: string) => { url: string }; onResult(p: Preview): void }) {
  const container = useRef<HTMLDivElement>(null);
  const report = useRef(onResult);
  useEffect(() => {
    if (!container.current) return;
    registerBasemapProtocols();
    const { style, summary, view } = check;
    const started = performance.now();
    const map = new MapLibreMap({ container: container.current, style, center: view?.center ?? [11.9746, 57.7089], zoom: view?.zoom ?? 12, interactive: false, attributionControl: { compact: true }, fadeDuration: 0, transformRequest });
    let settled = false;
    map.once('idle', () => {
      if (settled) return;
      settled = true;
      report.current({ state: 'ok', text: `Works: ${summary}; drawn in ${Math.round(performance.now() - started)} ms.` });
    });
    map.on('error', (event) => {
      if (settled) return;
      settled = true;
      report.current({ state: 'failed', text: `Does not work: ${describeMapProblem({ code: 'tiles_failing', detail: event.error?.message ?? 'map error' })}.` });
    });
    return () => map.remove();
  }, [check, transformRequest]);
  return <div ref={container} className="map-source__preview" data-testid="map-preview" />;
}
