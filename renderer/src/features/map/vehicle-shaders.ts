/**
 * Shaders of the vehicle layer: one quad (four vertices) per vehicle, positioned and glided on the
 * GPU. Every vertex of a quad carries the same record: from.xy, to.xy (mercator relative to the
 * layer origin), then moveStart (ms), cos and sin of the course, and `status code + 8 × flags`
 * (flags: 1 alert, 2 selected).
 *
 * Vehicles come in three kinds, each drawn by its own variant of the shaders, so the many plain
 * markers never pay for what only a few need:
 * - `plain`: a stationary vehicle, a disc with an outline (and a centre dot for stopped/offline);
 * - `pointer`: a moving vehicle, the disc with a pointer in its heading;
 * - `ringed`: an alerting or selected vehicle of any status, with its rings (drawn last, on top).
 *
 * Written for software GL (SwiftShader), where dispatch PCs without a GPU and our benchmark run:
 * there a per-vertex `sin`/`cos` is a long polynomial (so the CPU sends them precomputed), a
 * uniform array indexed per fragment is a gather (so colours are looked up per vertex), and every
 * fragment of the quad and every instruction of the fragment shader is paid for (so each quad
 * hugs what its kind draws, and each kind's fragment shader computes only its own shapes).
 */
export type VehicleKind = 'plain' | 'pointer' | 'ringed';

const vertexShader = `
precision highp float;
uniform mat4 u_matrix;
uniform vec2 u_pxToClip;
uniform float u_now;
uniform float u_glide;
uniform vec2 u_bearing;
// Screen pixels per arrow-space unit (the body's radius is 0.56 units).
uniform float u_px;
uniform vec3 u_colors[5];
in vec4 a_move;
in vec4 a_state;
// "Arrow space": the vehicle's heading points to +y; 1.0 is a ringed quad's half-size.
out vec2 v_local;
flat out vec3 v_color;
#if defined(PLAIN)
flat out float v_dot;
#elif defined(RINGED)
// 1.0 where the vehicle has: a heading pointer, a centre dot, an alert ring, a selection ring.
flat out vec4 v_marks;
flat out float v_px;
#endif

void main() {
  int packed = int(a_state.w + 0.5);
  int code = packed & 7;
  int flags = packed >> 3;
  // Four vertices per vehicle; the low two bits of the index pick the corner.
  vec2 corner = vec2((gl_VertexID & 1) != 0 ? 1.0 : -1.0, (gl_VertexID & 2) != 0 ? 1.0 : -1.0);
  // The quad covers only what is drawn: a body with its outline reaches 0.72, a pointer's
  // outlined tip 1.13 ahead (the quad turns with the heading, so that is one side), rings 1.0.
#if defined(RINGED)
  vec2 local = corner;
  if (code == 0 && corner.y > 0.0) local.y = 1.13;
  float px = u_px * ((flags & 2) != 0 ? 1.45 : 1.0);
#else
  vec2 local = corner * 0.72;
#if defined(POINTER)
  if (corner.y > 0.0) local.y = 1.13;
#endif
  float px = u_px;
#endif
  float t = clamp((u_now - a_state.x) / u_glide, 0.0, 1.0);
  // Ease-out so a vehicle settles into its new fix instead of stopping abruptly.
  t = 1.0 - (1.0 - t) * (1.0 - t);
  vec4 clip = u_matrix * vec4(mix(a_move.xy, a_move.zw, t), 0.0, 1.0);
  // Heading on screen = course - bearing, by the angle-difference identities.
  float c = a_state.y * u_bearing.x + a_state.z * u_bearing.y;
  float s = a_state.z * u_bearing.x - a_state.y * u_bearing.y;
  vec2 screen = vec2(c * local.x + s * local.y, c * local.y - s * local.x);
  clip.xy += screen * px * u_pxToClip * clip.w;
  gl_Position = clip;
  v_local = local;
  v_color = u_colors[code];
  bool parked = code == 2 || code == 3;
#if defined(PLAIN)
  v_dot = parked ? 1.0 : 0.0;
#elif defined(RINGED)
  v_px = px;
  v_marks = vec4(code == 0 ? 1.0 : 0.0, parked ? 1.0 : 0.0, float(flags & 1), float((flags & 2) >> 1));
#endif
}`;

const fragmentShader = `
precision highp float;
uniform vec3 u_alert;
uniform vec3 u_outline;
uniform vec3 u_selection;
uniform float u_px;
in vec2 v_local;
flat in vec3 v_color;
#if defined(PLAIN)
flat in float v_dot;
#elif defined(RINGED)
flat in vec4 v_marks;
flat in float v_px;
#endif
out vec4 fragColor;

// Coverage of a shape with signed distance d (arrow-space units), antialiased over one pixel.
#if defined(RINGED)
float fill(float d) { return clamp(0.5 - d * v_px, 0.0, 1.0); }
#else
float fill(float d) { return clamp(0.5 - d * u_px, 0.0, 1.0); }
#endif

// The pointer: a wedge from the disc to a tip at 0.98 in the heading (+y).
float pointer(vec2 p) { return max(abs(p.x) * 1.25 + (p.y - 0.98), 0.30 - p.y); }

// Premultiplied colours throughout: "top over bottom" is then one multiply-add.
vec4 over(vec4 top, vec4 bottom) { return top + bottom * (1.0 - top.a); }

void main() {
  float r = length(v_local);
  // Body: a disc (with a pointer when moving) over a dark outline.
  float body = r - 0.56;
#if defined(POINTER)
  body = min(body, pointer(v_local));
#elif defined(RINGED)
  if (v_marks.x > 0.5) body = min(body, pointer(v_local));
#endif
  vec4 marker = over(vec4(v_color, 1.0) * fill(body), vec4(u_outline, 1.0) * fill(body - 0.11));
  // Centre dot reads as "parked" for stopped and offline vehicles (inside the body: opaque there).
#if defined(PLAIN)
  marker.rgb = mix(marker.rgb, u_outline, fill(r - 0.17) * v_dot);
#elif defined(RINGED)
  marker.rgb = mix(marker.rgb, u_outline, fill(r - 0.17) * v_marks.y);
  // Rings go under the body, so a selected or alerting vehicle's pointer still shows its heading.
  // A selected vehicle in alert keeps both rings visible: the alert ring moves inside.
  float both = v_marks.z * v_marks.w;
  vec4 rings = vec4(u_alert, 1.0) * fill(abs(r - mix(0.86, 0.775, both)) - mix(0.09, 0.065, both)) * v_marks.z;
  rings = over(vec4(u_selection, 1.0) * fill(abs(r - mix(0.90, 0.915, both)) - mix(0.07, 0.055, both)) * v_marks.w, rings);
  marker = over(marker, rings);
#endif
  fragColor = marker;
}`;

/** GLSL ES 3.0 sources of one kind's variant. */
export function vehicleShaders(kind: VehicleKind): { vertex: string; fragment: string } {
  const head = `#version 300 es\n#define ${kind.toUpperCase()}\n`;
  return { vertex: head + vertexShader, fragment: head + fragmentShader };
}
