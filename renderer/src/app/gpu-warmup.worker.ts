/**
 * Runs once per window, off the main thread, while the first chunks load: creates a tiny WebGL 2
 * context and links one program, then lets both go (decision 0445). The GPU process starts its GL
 * (with software GL: SwiftShader's device and shader compiler) for the first context it is asked
 * for; doing that here means the map's own `getContext` and first links, which block the main
 * thread, find it started.
 */
const canvas = new OffscreenCanvas(1, 1);
const gl = canvas.getContext('webgl2', { antialias: false, depth: false, stencil: false });
if (gl) {
  const shader = (type: number, source: string) => {
    const s = gl.createShader(type);
    if (s) {
      gl.shaderSource(s, source);
      gl.compileShader(s);
    }
    return s;
  };
  const vertex = shader(gl.VERTEX_SHADER, '#version 300 es\nin vec2 p; void main() { gl_Position = vec4(p, 0.0, 1.0); }');
  const fragment = shader(gl.FRAGMENT_SHADER, '#version 300 es\nprecision mediump float; out vec4 c; void main() { c = vec4(1.0); }');
  const program = gl.createProgram();
  if (vertex && fragment) {
    gl.attachShader(program, vertex);
    gl.attachShader(program, fragment);
    gl.linkProgram(program);
    // Reading the status waits for the link: the compiler has then really run.
    gl.getProgramParameter(program, gl.LINK_STATUS);
    gl.useProgram(program);
    gl.drawArrays(gl.POINTS, 0, 1);
    gl.finish();
  }
  gl.getExtension('WEBGL_lose_context')?.loseContext();
}
// A worker's global `close` (the DOM typings describe it as the window's): the worker ends here.
close();
