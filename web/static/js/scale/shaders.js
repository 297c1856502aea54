// The GPU layer's shaders. Visibility and fading are computed here from a
// uniform time and per-vertex start/end, the same rule as visibility.js:
// shown from start, lit until end, then fading over u_fade seconds to
// u_floor (u_fade < 0: never fades).

const common = `#version 300 es
in vec2 a_pos;
in float a_start;
in float a_end;
in float a_cat;
uniform float u_scale;
uniform vec2 u_offset;
uniform vec2 u_view;
uniform float u_t;
uniform float u_fade;
uniform float u_floor;
uniform vec3 u_colors[16];
out vec4 v_color;
vec4 place() {
  vec2 p = a_pos * u_scale - u_offset;
  return vec4(p.x / u_view.x * 2.0 - 1.0, 1.0 - p.y / u_view.y * 2.0, 0.0, 1.0);
}
float opacity() {
  float age = u_t - a_end;
  if (age <= 0.0 || u_fade < 0.0) return 1.0;
  if (u_fade == 0.0) return u_floor;
  return max(u_floor, 1.0 - (1.0 - u_floor) * age / u_fade);
}
bool hidden() { return u_t < a_start; }
`;

export const POINT_VS = `${common}
uniform float u_px;
void main() {
  if (hidden()) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); gl_PointSize = 0.0; return; }
  gl_Position = place();
  gl_PointSize = u_px;
  float o = opacity();
  v_color = vec4(u_colors[int(a_cat)] * o, o);
}`;

export const POINT_FS = `#version 300 es
precision mediump float;
in vec4 v_color;
out vec4 outColor;
void main() {
  vec2 d = gl_PointCoord - 0.5;
  float r = dot(d, d);
  // Outside the disc a transparent colour, which the premultiplied blend
  // leaves the pixel unchanged by: the same picture as a discard, which
  // costs SwiftShader twice as much a point. A darker rim keeps
  // neighbouring points apart.
  outColor = r > 0.25 ? vec4(0.0) : r > 0.12 ? vec4(v_color.rgb * 0.55, v_color.a) : v_color;
}`;

export const LINE_VS = `${common}
in float a_vt;
out float v_vt;
void main() {
  if (hidden()) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); return; }
  gl_Position = place();
  v_vt = a_vt;
  float o = opacity();
  v_color = vec4(u_colors[int(a_cat)] * o, o);
}`;

// A segment is drawn only as far as the mover has gone.
export const LINE_FS = `#version 300 es
precision highp float;
in vec4 v_color;
in float v_vt;
uniform float u_t;
out vec4 outColor;
void main() {
  if (v_vt > u_t) discard;
  outColor = v_color;
}`;
