/**
 * Names of areas (geofences) for the map's label overlay. The layer that owns the areas
 * (features/geofences/GeofenceLayer.tsx) publishes them here; the vehicle overlay reads them on
 * every frame and places them in the same collision pass as vehicle names, below every vehicle.
 * A board per map, handed out through MapContext, keeps the map feature free of any knowledge of
 * geofences, and the geofences reach it from the query the layer already has (no second fetch).
 */
export interface AreaLabel {
  name: string;
  /** Where the name goes (a point inside the area), in Web Mercator 0..1. */
  x: number;
  y: number;
  /** The area picked in the list: its name is placed before the others. */
  highlighted: boolean;
}

export class AreaLabelBoard {
  private current: readonly AreaLabel[] = [];
  private readonly repaint: () => void;

  /** `repaint` asks the map for a frame, so a change shows without waiting for the next pan. */
  constructor(repaint: () => void) {
    this.repaint = repaint;
  }

  get labels(): readonly AreaLabel[] {
    return this.current;
  }

  set(labels: readonly AreaLabel[]): void {
    if (labels.length === 0 && this.current.length === 0) return;
    this.current = labels;
    this.repaint();
  }
}
