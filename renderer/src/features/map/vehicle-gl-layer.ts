import type { CustomLayerInterface, CustomRenderMethodInput, Map as MapLibreMap } from 'maplibre-gl';
import { glideMs, type FleetStore } from '../live/fleet-store.ts';
import { vehicleFragmentShader, vehicleVertexShader } from './vehicle-shaders.ts';

const floatsPerVehicle = 8;
const degrees = Math.PI / 180;

export interface VehiclePalette {
  /** moving, idle, stopped, offline, unknown — as [r, g, b] in 0..1. */
  status: readonly (readonly [number, number, number])[];
  alert: readonly [number, number, number];
  outline: readonly [number, number, number];
}

/**
 * Draws every vehicle with one WebGL buffer (PLATFORM.md: re-sending GeoJSON costs 70–200 ms per
 * update at 10k; one `bufferSubData` costs well under a millisecond). The store is read directly;
 * a change only marks the buffer dirty, and the next frame uploads it once, however many batches
 * arrived in between. Movement is interpolated in the vertex shader, so gliding costs no CPU.
 *
 * Coordinates are uploaded relative to an origin near the fleet and the origin is folded into the
 * matrix in double precision, so vehicles do not jitter at street zoom (float32 mercator has ~2 m
 * steps at the equator).
 */
export class VehicleGlLayer implements CustomLayerInterface {
  readonly id: string;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  private map: MapLibreMap | null = null;
  private gl: WebGL2RenderingContext | null = null;
  private program: WebGLProgram | null = null;
  private vao: WebGLVertexArrayObject | null = null;
  private buffer: WebGLBuffer | null = null;
  private data = new Float32Array(0);
  private capacity = 0;
  private uploadedVersion = -1;
  private origin: [number, number] = [0.5, 0.5];
  private originLayout = -1;
  private readonly timeBase = performance.now();
  private lastChange = 0;
  private painted = false;
  private uniforms = new Map<string, WebGLUniformLocation | null>();
  private unsubscribe: (() => void) | null = null;
  /** Per-vehicle "hidden in a cluster" flags, owned by the cluster overlay. */
  hidden: Uint8Array = new Uint8Array(0);
  selected = -1;
  sizePx = 17;
  /** Measured cost of the last upload (ms), for the benchmark and the dev overlay. */
  lastUploadMs = 0;

  private readonly store: FleetStore;
  private palette: VehiclePalette;

  constructor(id: string, store: FleetStore, palette: VehiclePalette) {
    this.id = id;
    this.store = store;
    this.palette = palette;
  }

  setPalette(palette: VehiclePalette): void {
    this.palette = palette;
    this.map?.triggerRepaint();
  }

  /** Forces a re-upload on the next frame (selection or cluster flags changed). */
  invalidate(): void {
    this.uploadedVersion = -1;
    this.map?.triggerRepaint();
  }

  onAdd(map: MapLibreMap, gl: WebGL2RenderingContext | WebGLRenderingContext): void {
    if (!('createVertexArray' in gl)) throw new Error('The vehicle layer needs WebGL 2.');
    this.map = map;
    this.gl = gl;
    this.program = linkProgram(gl, vehicleVertexShader, vehicleFragmentShader);
    this.vao = gl.createVertexArray();
    this.buffer = gl.createBuffer();
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
    const stride = floatsPerVehicle * 4;
    const move = gl.getAttribLocation(this.program, 'a_move');
    const state = gl.getAttribLocation(this.program, 'a_state');
    gl.enableVertexAttribArray(move);
    gl.vertexAttribPointer(move, 4, gl.FLOAT, false, stride, 0);
    gl.vertexAttribDivisor(move, 1);
    gl.enableVertexAttribArray(state);
    gl.vertexAttribPointer(state, 4, gl.FLOAT, false, stride, 16);
    gl.vertexAttribDivisor(state, 1);
    gl.bindVertexArray(null);
    for (const name of ['u_matrix', 'u_viewport', 'u_now', 'u_glide', 'u_bearing', 'u_size', 'u_colors', 'u_alert', 'u_outline', 'u_pulse']) {
      this.uniforms.set(name, gl.getUniformLocation(this.program, name));
    }
    this.unsubscribe = this.store.subscribe(() => {
      this.lastChange = performance.now();
      map.triggerRepaint();
    });
    this.uploadedVersion = -1;
  }

  onRemove(_map: MapLibreMap, gl: WebGL2RenderingContext | WebGLRenderingContext): void {
    this.unsubscribe?.();
    if ('deleteVertexArray' in gl) gl.deleteVertexArray(this.vao);
    gl.deleteBuffer(this.buffer);
    gl.deleteProgram(this.program);
    this.map = null;
    this.gl = null;
  }

  /** Copies the store into the interleaved buffer and uploads it (one bufferSubData). */
  private upload(gl: WebGL2RenderingContext): void {
    const started = performance.now();
    const s = this.store;
    const n = s.count;
    if (this.originLayout !== s.layoutVersion) this.pickOrigin();
    if (n * floatsPerVehicle > this.data.length) this.data = new Float32Array(Math.max(64, n * 1.25) * floatsPerVehicle);
    const d = this.data;
    const [ox, oy] = this.origin;
    for (let i = 0; i < n; i++) {
      const o = i * floatsPerVehicle;
      d[o] = (s.fromX[i] ?? 0) - ox;
      d[o + 1] = (s.fromY[i] ?? 0) - oy;
      d[o + 2] = (s.x[i] ?? 0) - ox;
      d[o + 3] = (s.y[i] ?? 0) - oy;
      d[o + 4] = (s.moveStart[i] ?? 0) - this.timeBase;
      d[o + 5] = (s.course[i] ?? 0) * degrees;
      d[o + 6] = s.status[i] ?? 4;
      d[o + 7] = (s.alerting[i] ? 1 : 0) | (i === this.selected ? 2 : 0) | (this.hidden[i] || !s.located[i] ? 4 : 0);
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
    if (d.length !== this.capacity) {
      gl.bufferData(gl.ARRAY_BUFFER, d.byteLength, gl.DYNAMIC_DRAW);
      this.capacity = d.length;
    }
    gl.bufferSubData(gl.ARRAY_BUFFER, 0, d, 0, n * floatsPerVehicle);
    this.uploadedVersion = s.version;
    this.lastUploadMs = performance.now() - started;
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
    this.origin = k ? [sx / k, sy / k] : [0.5, 0.5];
    this.originLayout = s.layoutVersion;
  }

  render(gl: WebGL2RenderingContext | WebGLRenderingContext, options: CustomRenderMethodInput): void {
    if (!('bindVertexArray' in gl) || !this.program || !this.map) return;
    if (this.store.count === 0) return;
    if (this.uploadedVersion !== this.store.version) this.upload(gl);
    const now = performance.now();
    const u = (name: string) => this.uniforms.get(name) ?? null;
    gl.useProgram(this.program);
    gl.uniformMatrix4fv(u('u_matrix'), false, translated(options.defaultProjectionData.mainMatrix, this.origin));
    gl.uniform2f(u('u_viewport'), gl.drawingBufferWidth, gl.drawingBufferHeight);
    gl.uniform1f(u('u_now'), now - this.timeBase);
    gl.uniform1f(u('u_glide'), glideMs);
    gl.uniform1f(u('u_bearing'), this.map.getBearing() * degrees);
    gl.uniform1f(u('u_size'), this.sizePx * devicePixelRatio * zoomScale(this.map.getZoom()));
    gl.uniform3fv(u('u_colors'), this.palette.status.flat());
    gl.uniform3fv(u('u_alert'), [...this.palette.alert]);
    gl.uniform3fv(u('u_outline'), [...this.palette.outline]);
    gl.uniform1f(u('u_pulse'), 1);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.vao);
    gl.drawArraysInstanced(gl.TRIANGLES, 0, 6, this.store.count);
    gl.bindVertexArray(null);
    if (!this.painted) {
      // E2E and the start-up benchmark wait for this: the first frame that shows vehicles.
      this.painted = true;
      performance.mark('fleet:vehicles-painted');
    }
    // Keep frames coming while vehicles glide; afterwards the map rests (no idle CPU).
    if (now - this.lastChange < glideMs + 50) this.map.triggerRepaint();
  }
}

/** Smaller markers when zoomed far out, so a city of vehicles does not become one blob. */
function zoomScale(zoom: number): number {
  return Math.min(1, Math.max(0.5, (zoom - 6) / 7));
}

/** matrix × translate(origin), in double precision, then handed to the GPU as float32. */
function translated(m: ArrayLike<number>, [ox, oy]: [number, number]): Float32Array {
  const out = new Float32Array(16);
  for (let i = 0; i < 16; i++) out[i] = m[i] ?? 0;
  for (let r = 0; r < 4; r++) out[12 + r] = (m[r] ?? 0) * ox + (m[4 + r] ?? 0) * oy + (m[12 + r] ?? 0);
  return out;
}

function linkProgram(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const compile = (type: number, source: string) => {
    const shader = gl.createShader(type);
    if (!shader) throw new Error('Could not create a WebGL shader.');
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`Vehicle shader: ${gl.getShaderInfoLog(shader) ?? 'compile failed'}`);
    return shader;
  };
  const program = gl.createProgram();
  gl.attachShader(program, compile(gl.VERTEX_SHADER, vertex));
  gl.attachShader(program, compile(gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`Vehicle shader: ${gl.getProgramInfoLog(program) ?? 'link failed'}`);
  return program;
}
