/**
 * Shaders of the vehicle layer: one instanced quad per vehicle, positioned and glided on the GPU.
 * Per instance: from.xy, to.xy (mercator relative to the layer origin), then moveStart (ms),
 * screen heading (radians), status code, flags (1 alert, 2 selected, 4 hidden in a cluster).
 */
export const vehicleVertexShader = `#version 300 es
precision highp float;
uniform mat4 u_matrix;
uniform vec2 u_viewport;
uniform float u_now;
uniform float u_glide;
uniform float u_bearing;
uniform float u_size;
in vec4 a_move;
in vec4 a_state;
out vec2 v_local;
out vec2 v_quad;
out float v_aa;
flat out int v_code;
flat out int v_flags;

const vec2 corners[6] = vec2[](vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(1.0, 1.0), vec2(-1.0, -1.0), vec2(1.0, 1.0), vec2(-1.0, 1.0));

void main() {
  int flags = int(a_state.w + 0.5);
  v_code = int(a_state.z + 0.5);
  v_flags = flags;
  if ((flags & 4) != 0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  vec2 corner = corners[gl_VertexID];
  float t = clamp((u_now - a_state.x) / u_glide, 0.0, 1.0);
  // Ease-out so a vehicle settles into its new fix instead of stopping abruptly.
  t = 1.0 - (1.0 - t) * (1.0 - t);
  vec2 pos = mix(a_move.xy, a_move.zw, t);
  vec4 clip = u_matrix * vec4(pos, 0.0, 1.0);
  float size = u_size * ((flags & 2) != 0 ? 1.45 : 1.0);
  // u_size is the body diameter. The quad only reaches past the body where something is drawn
  // there (pointer, rings): with software GL, fragments are the whole cost of this layer.
  float extent = (v_code == 0 || flags != 0) ? 1.0 : 0.7;
  corner *= extent;
  float halfPx = size / 1.12;
  clip.xy += corner * halfPx * 2.0 / u_viewport * clip.w;
  gl_Position = clip;
  // One pixel in quad units, for antialiasing without per-fragment derivatives.
  v_aa = 1.0 / halfPx;
  float h = a_state.y - u_bearing;
  // Rotate into "arrow space", where the vehicle's heading points up.
  v_local = vec2(cos(h) * corner.x - sin(h) * corner.y, sin(h) * corner.x + cos(h) * corner.y);
  v_quad = corner;
}`;

export const vehicleFragmentShader = `#version 300 es
precision highp float;
uniform vec3 u_colors[5];
uniform vec3 u_alert;
uniform vec3 u_outline;
uniform float u_pulse;
in vec2 v_local;
in vec2 v_quad;
in float v_aa;
flat in int v_code;
flat in int v_flags;
out vec4 fragColor;

float aa;
float fill(float d) { return clamp(0.5 - d / aa, 0.0, 1.0); }

void main() {
  aa = v_aa;
  float r = length(v_quad);
  if (r > 0.72 && v_code != 0 && v_flags == 0) discard;
  vec3 color = u_colors[v_code];
  // Body: a disc with a light outline; a moving vehicle gets a pointer in its heading.
  float body = r - 0.56;
  if (v_code == 0) {
    float tip = max(abs(v_local.x) * 1.25 + (v_local.y - 0.98), 0.30 - v_local.y);
    body = min(body, tip);
  }
  float outline = body - 0.11;
  vec4 result = vec4(u_outline, fill(outline));
  result = mix(result, vec4(color, 1.0), fill(body));
  // Centre dot reads as "parked" for stopped and offline vehicles.
  if (v_code == 2 || v_code == 3) result.rgb = mix(result.rgb, u_outline, fill(r - 0.17));
  if ((v_flags & 1) != 0) {
    float ring = abs(r - 0.86) - 0.09;
    result = mix(result, vec4(u_alert, 1.0), fill(ring) * (0.55 + 0.45 * u_pulse));
  }
  if ((v_flags & 2) != 0) {
    float ring = abs(r - 0.90) - 0.07;
    result = mix(result, vec4(1.0, 1.0, 1.0, 1.0), fill(ring));
  }
  if (result.a < 0.01) discard;
  fragColor = vec4(result.rgb * result.a, result.a);
}`;
