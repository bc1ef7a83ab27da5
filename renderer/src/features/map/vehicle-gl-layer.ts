import { glideMs, type FleetStore } from '../live/fleet-store.ts';
import { attributeLocations, createVehiclePrograms, type VehicleProgram } from './vehicle-programs.ts';

const floatsPerVertex = 8;
const floatsPerQuad = floatsPerVertex * 4;
const degrees = Math.PI / 180;
/** Indexes into vehicleKinds (vehicle-programs.ts); hiddenKind is not drawn (in a cluster, or no position yet). */
const plain = 0;
const pointer = 1;
const ringed = 2;
export const hiddenKind = 255;

export interface VehiclePalette {
  /** moving, idle, stopped, offline, unknown — as [r, g, b] in 0..1. */
  status: readonly (readonly [number, number, number])[];
  alert: readonly [number, number, number];
  outline: readonly [number, number, number];
  /** The selected vehicle's outer ring: it must stand out from the basemap's ground in each theme. */
  selection: readonly [number, number, number];
}

/**
 * Draws every vehicle with one WebGL buffer, into the vehicles' own canvas over the map
 * (vehicle-canvas.ts: when to draw, and the camera). PLATFORM.md: re-sending GeoJSON costs 70–200 ms per
 * update at 10k; one `bufferSubData` costs well under a millisecond). The store is read directly;
 * a change only marks the buffer dirty, and the next frame uploads it once, however many batches
 * arrived in between. Movement is interpolated in the vertex shader, so gliding costs no CPU.
 *
 * Coordinates are uploaded relative to an origin near the fleet and the origin is folded into the
 * matrix in double precision, so vehicles do not jitter at street zoom (float32 mercator has ~2 m
 * steps at the equator).
 *
 * Each vehicle is four vertices carrying the same record, drawn with one indexed draw, rather than
 * one instanced quad: SwiftShader (Chromium's software GL, what a dispatch PC without a GPU runs)
 * pays a fixed cost per instance, and at 10k vehicles the instanced draw alone took ~80 ms a
 * frame. Four copies of the record cost ~1 ms more per upload, once a second.
 *
 * The buffer is sorted by kind (vehicle-shaders.ts: plain, pointer, ringed) and each kind is one
 * draw with its own shader variant; vehicles hidden in a cluster or without a position are not
 * uploaded at all.
 */
export class VehicleGlLayer {
  private gl: WebGL2RenderingContext | null = null;
  private programs: VehicleProgram[] = [];
  private vao: WebGLVertexArrayObject | null = null;
  private buffer: WebGLBuffer | null = null;
  /** Two triangles per vehicle over its four corners; only grows with the fleet. */
  private indices: WebGLBuffer | null = null;
  private data = new Float32Array(0);
  private capacity = 0;
  private uploadedVersion = -1;
  /** Where each kind's quads start in the buffer, and how many there are (index = kind). */
  private readonly kindStart = [0, 0, 0];
  private readonly kindCount = [0, 0, 0];
  private kinds = new Uint8Array(0);
  private originAt: [number, number] = [0.5, 0.5];
  private originLayout = -1;
  private readonly timeBase = performance.now();
  private painted = false;
  private colors: Float32Array;
  /** Per-vehicle "hidden in a cluster" flags, owned by the cluster overlay. */
  hidden: Uint8Array = new Uint8Array(0);
  selected = -1;
  sizePx = 17;
  /** Measured cost of the last upload (ms), for the benchmark and the dev overlay. */
  lastUploadMs = 0;

  private readonly store: FleetStore;
  private palette: VehiclePalette;

  constructor(store: FleetStore, palette: VehiclePalette) {
    this.store = store;
    this.palette = palette;
    this.colors = new Float32Array(palette.status.flat());
  }

  setPalette(palette: VehiclePalette): void {
    this.palette = palette;
    this.colors = new Float32Array(palette.status.flat());
  }

  /** Forces a re-upload on the next draw (selection or cluster flags changed). */
  invalidate(): void {
    this.uploadedVersion = -1;
  }

  /** Where the uploaded positions are measured from (the last draw's origin). */
  get origin(): readonly [number, number] {
    return this.originAt;
  }

  /** Creates the programs and buffers in `gl` (again after a lost context was restored). */
  attach(gl: WebGL2RenderingContext): void {
    this.gl = gl;
    this.programs = createVehiclePrograms(gl);
    this.vao = gl.createVertexArray();
    this.buffer = gl.createBuffer();
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
    const stride = floatsPerVertex * 4;
    const move = attributeLocations.a_move;
    const state = attributeLocations.a_state;
    gl.enableVertexAttribArray(move);
    gl.vertexAttribPointer(move, 4, gl.FLOAT, false, stride, 0);
    gl.enableVertexAttribArray(state);
    gl.vertexAttribPointer(state, 4, gl.FLOAT, false, stride, 16);
    this.indices = gl.createBuffer();
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.indices);
    gl.bindVertexArray(null);
    this.data = new Float32Array(0);
    this.capacity = 0;
    this.uploadedVersion = -1;
  }

  /** Frees what attach created (nothing to free when the context was lost). */
  detach(): void {
    const gl = this.gl;
    if (gl && !gl.isContextLost()) {
      gl.deleteVertexArray(this.vao);
      gl.deleteBuffer(this.buffer);
      gl.deleteBuffer(this.indices);
      for (const { program } of this.programs) gl.deleteProgram(program);
    }
    this.programs = [];
    this.gl = null;
  }

  /** Copies the store into the interleaved buffer and uploads it (one bufferSubData). */
  private upload(gl: WebGL2RenderingContext): void {
    const started = performance.now();
    const s = this.store;
    const n = s.count;
    if (this.originLayout !== s.layoutVersion) this.pickOrigin();
    if (n * floatsPerQuad > this.data.length) {
      const room = Math.ceil(Math.max(64, n * 1.25));
      this.data = new Float32Array(room * floatsPerQuad);
      this.growIndices(gl, room);
    }
    const d = this.data;
    const [ox, oy] = this.originAt;
    // Two passes: count each kind, then write every vehicle into its kind's range.
    if (this.kinds.length < n) this.kinds = new Uint8Array(this.data.length / floatsPerQuad);
    const kinds = this.kinds;
    classifyVehicles(s, this.hidden, this.selected, kinds, this.kindStart, this.kindCount);
    const next = [...this.kindStart];
    for (let i = 0; i < n; i++) {
      const kind = kinds[i] ?? hiddenKind;
      if (kind === hiddenKind) continue;
      const slot = next[kind] ?? 0;
      next[kind] = slot + 1;
      const fx = (s.fromX[i] ?? 0) - ox;
      const fy = (s.fromY[i] ?? 0) - oy;
      const tx = (s.x[i] ?? 0) - ox;
      const ty = (s.y[i] ?? 0) - oy;
      const start = (s.moveStart[i] ?? 0) - this.timeBase;
      const heading = (s.course[i] ?? 0) * degrees;
      const cos = Math.cos(heading);
      const sin = Math.sin(heading);
      const packed = (s.status[i] ?? 4) + 8 * ((s.alerting[i] ? 1 : 0) | (i === this.selected ? 2 : 0));
      // The same record for each of the quad's four corners (the shader tells them apart by
      // gl_VertexID): see the class comment for why this is not an instanced draw.
      for (let o = slot * floatsPerQuad, end = o + floatsPerQuad; o < end; o += floatsPerVertex) {
        d[o] = fx;
        d[o + 1] = fy;
        d[o + 2] = tx;
        d[o + 3] = ty;
        d[o + 4] = start;
        d[o + 5] = cos;
        d[o + 6] = sin;
        d[o + 7] = packed;
      }
    }
    const uploaded = next[next.length - 1] ?? 0;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
    if (d.length !== this.capacity) {
      gl.bufferData(gl.ARRAY_BUFFER, d.byteLength, gl.DYNAMIC_DRAW);
      this.capacity = d.length;
    }
    gl.bufferSubData(gl.ARRAY_BUFFER, 0, d, 0, uploaded * floatsPerQuad);
    this.uploadedVersion = s.version;
    this.lastUploadMs = performance.now() - started;
  }

  /** (Re)builds the index buffer for `vehicles` quads: 0 1 2, 2 1 3 for each. */
  private growIndices(gl: WebGL2RenderingContext, vehicles: number): void {
    const indices = new Uint32Array(vehicles * 6);
    for (let i = 0; i < vehicles; i++) {
      const v = i * 4;
      indices.set([v, v + 1, v + 2, v + 2, v + 1, v + 3], i * 6);
    }
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.indices);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, indices, gl.STATIC_DRAW);
    gl.bindVertexArray(null);
  }

  /** The origin is the fleet's centre; recomputed only when the set of vehicles changes. */
  private pickOrigin(): void {
    const s = this.store;
    let sx = 0;
    let sy = 0;
    let k = 0;
    for (let i = 0; i < s.count; i++) {
      if (!s.located[i]) continue;
      sx += s.x[i] ?? 0;
      sy += s.y[i] ?? 0;
      k++;
    }
    this.originAt = k ? [sx / k, sy / k] : [0.5, 0.5];
    this.originLayout = s.layoutVersion;
  }

  /**
   * Draws every vehicle as of `now`. `camera` gives the matrix from mercator relative to the
   * buffer's origin to clip space (camera-matrix.ts); `zoom` sizes the markers and `bearing`
   * (degrees) turns their pointers. The caller has cleared the canvas. Returns whether anything
   * was drawn.
   */
  draw(camera: (origin: readonly [number, number]) => Float32Array, now: number, zoom: number, bearing: number): boolean {
    const gl = this.gl;
    if (!gl || this.programs.length === 0 || this.store.count === 0) return false;
    if (this.uploadedVersion !== this.store.version) this.upload(gl);
    const matrix = camera(this.originAt);
    const b = bearing * degrees;
    const [ar, ag, ab] = this.palette.alert;
    const [or, og, ob] = this.palette.outline;
    const [sr, sg, sb] = this.palette.selection;
    // The body's diameter is 1.12 arrow-space units (vehicle-shaders.ts).
    const px = (this.sizePx * devicePixelRatio * zoomScale(zoom)) / 1.12;
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.vao);
    for (let kind = 0; kind < this.programs.length; kind++) {
      const count = this.kindCount[kind] ?? 0;
      const variant = this.programs[kind];
      if (count === 0 || !variant) continue;
      const u = variant.uniforms;
      gl.useProgram(variant.program);
      gl.uniformMatrix4fv(u.u_matrix, false, matrix);
      gl.uniform2f(u.u_pxToClip, 2 / gl.drawingBufferWidth, 2 / gl.drawingBufferHeight);
      gl.uniform1f(u.u_now, now - this.timeBase);
      gl.uniform1f(u.u_glide, glideMs);
      gl.uniform2f(u.u_bearing, Math.cos(b), Math.sin(b));
      gl.uniform1f(u.u_px, px);
      gl.uniform3fv(u.u_colors, this.colors);
      gl.uniform3f(u.u_alert, ar, ag, ab);
      gl.uniform3f(u.u_outline, or, og, ob);
      gl.uniform3f(u.u_selection, sr, sg, sb);
      // 6 indices per quad, 4 bytes per index.
      gl.drawElements(gl.TRIANGLES, count * 6, gl.UNSIGNED_INT, (this.kindStart[kind] ?? 0) * 24);
    }
    gl.bindVertexArray(null);
    if (!this.painted) {
      // E2E and the start-up benchmark wait for this: the first frame that shows vehicles.
      this.painted = true;
      performance.mark('fleet:vehicles-painted');
    }
    return true;
  }
}

/**
 * Writes each vehicle's kind (index into vehicleKinds, or `hiddenKind` when it is not drawn) into
 * `kinds`, and where each kind's range starts in the buffer and how long it is into `start` and
 * `count`.
 */
export function classifyVehicles(store: FleetStore, hidden: Uint8Array, selected: number, kinds: Uint8Array, start: number[], count: number[]): void {
  count.fill(0);
  for (let i = 0; i < store.count; i++) {
    let kind = hiddenKind;
    // The selected vehicle stays drawn inside its cluster and through the list's filter: the
    // dispatcher asked where it is.
    if (store.located[i] && ((!hidden[i] && store.onMap[i]) || i === selected)) kind = store.alerting[i] || i === selected ? ringed : store.status[i] === 0 ? pointer : plain;
    kinds[i] = kind;
    if (kind !== hiddenKind) count[kind] = (count[kind] ?? 0) + 1;
  }
  for (let k = 0, at = 0; k < count.length; k++) {
    start[k] = at;
    at += count[k] ?? 0;
  }
}

/** Smaller markers when zoomed far out, so a city of vehicles does not become one blob. */
function zoomScale(zoom: number): number {
  return Math.min(1, Math.max(0.5, (zoom - 6) / 7));
}
