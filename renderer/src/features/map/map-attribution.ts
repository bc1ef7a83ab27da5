import type { IControl, Map as MapLibreMap } from 'maplibre-gl';

/**
 * The map's attribution, always shown in full, without reading layout (decision 0445).
 *
 * MapLibre's own control decides between its compact and full forms by reading the map
 * container's `offsetWidth` each time its text changes: when the style loads, inside the map's
 * first frame, that read forced a layout of the whole page (≈ 240 ms under software GL and load,
 * decision 0420). The console always showed the full form (`compact: false`) and its CSS wraps the
 * text on a narrow map, so nothing needs measuring: this control writes the same text — the
 * style's sources that are in use, plus our own line — and lets the browser lay it out with its
 * next frame. The data licences (ODbL, CC BY) require the attribution to stay visible.
 */
export class MapAttribution implements IControl {
  private map: MapLibreMap | null = null;
  private readonly container: HTMLElement;
  private readonly inner: HTMLElement;
  private shown = '';
  private readonly custom: readonly string[];

  constructor(custom: readonly string[] = []) {
    this.custom = custom;
    // MapLibre's class names, so the theme's CSS (map.css) and the corner layout apply unchanged.
    this.container = document.createElement('div');
    this.container.className = 'maplibregl-ctrl maplibregl-ctrl-attrib map-attribution';
    this.inner = document.createElement('div');
    this.inner.className = 'maplibregl-ctrl-attrib-inner';
    this.container.append(this.inner);
  }

  getDefaultPosition(): 'bottom-right' {
    return 'bottom-right';
  }

  onAdd(map: MapLibreMap): HTMLElement {
    this.map = map;
    this.update();
    map.on('styledata', this.update);
    map.on('sourcedata', this.onSourceData);
    return this.container;
  }

  onRemove(): void {
    this.map?.off('styledata', this.update);
    this.map?.off('sourcedata', this.onSourceData);
    this.container.remove();
    this.map = null;
  }

  private readonly onSourceData = (event: { sourceDataType?: string }) => {
    if (event.sourceDataType === 'metadata' || event.sourceDataType === 'visibility') this.update();
  };

  /** Writes the text when it changed: our lines, then each used source's, without repeats. */
  private readonly update = () => {
    const map = this.map;
    if (!map) return;
    // The sources in use, as MapLibre's control picks them (not getStyle(): it serializes every layer).
    const managers = Object.values((map.style as MapLibreMap['style'] | undefined)?.tileManagers ?? {});
    const fromSources = managers.filter((m) => m.used || m.usedForTerrain).map((m) => m.getSource().attribution);
    const text = attributionHtml([...this.custom, ...fromSources.filter((a): a is string => typeof a === 'string')]);
    if (text === this.shown) return;
    this.shown = text;
    this.inner.replaceChildren(sanitizedAttribution(text));
    this.container.classList.toggle('maplibregl-attrib-empty', text === '');
  };
}

/**
 * The attribution line, as MapLibre builds it: blank entries dropped, an entry contained in
 * another dropped, the rest joined by " | ".
 */
export function attributionHtml(entries: readonly string[]): string {
  const kept = [...new Set(entries.map((e) => e.trim()).filter(Boolean))].sort((a, b) => a.length - b.length);
  return kept.filter((entry, i) => !kept.slice(i + 1).some((longer) => longer.includes(entry))).join(' | ');
}

/**
 * Attribution text from a style (a tenant's online style may hold links) as DOM nodes: text, and
 * links to http(s) addresses opened in a new window; any other markup is reduced to its text.
 */
export function sanitizedAttribution(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  const copy = (from: Node, to: Node) => {
    for (const node of Array.from(from.childNodes)) {
      if (node instanceof HTMLAnchorElement && /^https?:\/\//i.test(node.getAttribute('href') ?? '')) {
        const link = document.createElement('a');
        link.href = node.getAttribute('href') ?? '';
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.textContent = node.textContent;
        to.appendChild(link);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        copy(node, to);
      } else if (node.nodeType === Node.TEXT_NODE) {
        to.appendChild(document.createTextNode(node.textContent ?? ''));
      }
    }
  };
  copy(template.content, out);
  return out;
}
