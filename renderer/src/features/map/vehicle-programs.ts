import { vehicleShaders, type VehicleKind } from './vehicle-shaders.ts';

/** Drawn in this order: ringed vehicles (alerting, selected) end up on top. */
export const vehicleKinds: readonly VehicleKind[] = ['plain', 'pointer', 'ringed'];

const uniformNames = ['u_matrix', 'u_pxToClip', 'u_now', 'u_glide', 'u_bearing', 'u_px', 'u_colors', 'u_alert', 'u_outline', 'u_selection'] as const;
export type VehicleUniform = (typeof uniformNames)[number];

/** One linked variant of the vehicle shaders and its uniform locations. */
export interface VehicleProgram {
  program: WebGLProgram;
  uniforms: Record<VehicleUniform, WebGLUniformLocation | null>;
}

/**
 * Compiles and links the three variants. Attribute locations are bound explicitly, so one vertex
 * array object serves all three programs.
 */
export function createVehiclePrograms(gl: WebGL2RenderingContext): VehicleProgram[] {
  return vehicleKinds.map((kind) => {
    const { vertex, fragment } = vehicleShaders(kind);
    const program = linkProgram(gl, kind, vertex, fragment);
    const uniforms = Object.fromEntries(uniformNames.map((name) => [name, gl.getUniformLocation(program, name)])) as VehicleProgram['uniforms'];
    return { program, uniforms };
  });
}

export const attributeLocations = { a_move: 0, a_state: 1 } as const;

function linkProgram(gl: WebGL2RenderingContext, kind: VehicleKind, vertex: string, fragment: string): WebGLProgram {
  const compile = (type: number, source: string) => {
    const shader = gl.createShader(type);
    if (!shader) throw new Error('Could not create a WebGL shader.');
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`Vehicle shader (${kind}): ${gl.getShaderInfoLog(shader) ?? 'compile failed'}`);
    return shader;
  };
  const program = gl.createProgram();
  const shaders = [compile(gl.VERTEX_SHADER, vertex), compile(gl.FRAGMENT_SHADER, fragment)];
  for (const shader of shaders) gl.attachShader(program, shader);
  for (const [name, location] of Object.entries(attributeLocations)) gl.bindAttribLocation(program, location, name);
  gl.linkProgram(program);
  // The program keeps what it needs; the shader objects would only leak.
  for (const shader of shaders) gl.deleteShader(shader);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`Vehicle shader (${kind}): ${gl.getProgramInfoLog(program) ?? 'link failed'}`);
  return program;
}
