// Every event on the GPU: a canvas in a map pane drawn with WebGL2 (twgl
// for the plumbing). A frame binary-searches each group for the rows
// started by t and draws those index ranges; rows long faded ("settled")
// are drawn once into a cached texture and only blitted after, so a frame
// costs the recent events, not the whole past. The cache is redrawn when
// the view, filter or fade changes, or time goes back.

import * as twgl from '../../vendor/twgl/twgl-full.module.js';
import { upperBound } from './query.js';
import { pointGroups, trackGroup, project } from './gpudata.js';
import { POINT_VS, POINT_FS, LINE_VS, LINE_FS, BLIT_VS, BLIT_FS } from './shaders.js';

const FLOOR = 0.25; // visibility.js FADE_FLOOR

export function createGpuLayer({ L, map, cols, colors, pane, px = 7 }) {
  const canvas = L.DomUtil.create('canvas', 'gpu-layer', map.getPane(pane));
  const gl = canvas.getContext('webgl2', { antialias: false, premultipliedAlpha: true, preserveDrawingBuffer: false });
  if (!gl) throw new Error('WebGL2 is not available');
  const pointProg = twgl.createProgramInfo(gl, [POINT_VS, POINT_FS]);
  const lineProg = twgl.createProgramInfo(gl, [LINE_VS, LINE_FS]);
  const blitProg = twgl.createProgramInfo(gl, [BLIT_VS, BLIT_FS]);
  const quad = twgl.createVertexArrayInfo(gl, blitProg,
    twgl.createBufferInfoFromArrays(gl, { a_quad: { numComponents: 2, data: [-1, -1, 1, -1, -1, 1, 1, 1] } }));

  const groups = [...pointGroups(cols).map((g) => ({ ...g, prog: pointProg, mode: gl.POINTS })),
    { ...trackGroup(cols), prog: lineProg, mode: gl.LINES }];
  for (const g of groups) {
    const arrays = {
      a_pos: { numComponents: 2, data: g.pos },
      a_start: { numComponents: 1, data: new Float32Array(g.start) },
      a_end: { numComponents: 1, data: new Float32Array(g.end) },
      a_cat: { numComponents: 1, data: g.cat, normalize: false },
      a_on: { numComponents: 1, data: new Uint8Array(g.cat.length).fill(1), normalize: false, drawType: gl.DYNAMIC_DRAW },
    };
    if (g.vt) arrays.a_vt = { numComponents: 1, data: new Float32Array(g.vt) };
    g.buffers = twgl.createBufferInfoFromArrays(gl, arrays);
    g.vao = twgl.createVertexArrayInfo(gl, g.prog, g.buffers);
    g.onBytes = arrays.a_on.data;
    g.vertexOf = (i) => (g.first ? g.first[i] : i);
    g.settled = 0;
  }
  // Movers under way, a handful at any time, updated each frame.
  const HEADS = 256;
  const heads = {
    n: 0,
    buf: twgl.createBufferInfoFromArrays(gl, {
      a_pos: { numComponents: 2, data: new Float32Array(2 * HEADS), drawType: gl.DYNAMIC_DRAW },
      a_start: { numComponents: 1, data: new Float32Array(HEADS).fill(-3e9) },
      a_end: { numComponents: 1, data: new Float32Array(HEADS).fill(3e9) },
      a_cat: { numComponents: 1, data: new Uint8Array(HEADS), normalize: false, drawType: gl.DYNAMIC_DRAW },
      a_on: { numComponents: 1, data: new Uint8Array(HEADS).fill(1), normalize: false },
    }),
  };
  heads.vao = twgl.createVertexArrayInfo(gl, pointProg, heads.buf);
  const colorData = new Float32Array(48);
  colors.slice(0, 16).forEach((c, i) => colorData.set(c, 3 * i));

  let fbo = null;
  let valid = false;
  let view = null; // { scale, offset, w, h }
  let last = { t: 0, fade: -1 };

  function place() {
    const size = map.getSize();
    const dpr = window.devicePixelRatio || 1;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(canvas, topLeft);
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    if (canvas.width !== Math.round(size.x * dpr) || canvas.height !== Math.round(size.y * dpr)) {
      canvas.width = Math.round(size.x * dpr);
      canvas.height = Math.round(size.y * dpr);
      if (fbo) twgl.resizeFramebufferInfo(gl, fbo);
    }
    const origin = map.getPixelOrigin();
    view = { scale: 2 ** map.getZoom(), offset: [origin.x + topLeft.x, origin.y + topLeft.y], w: size.x, h: size.y };
    if (!fbo) fbo = twgl.createFramebufferInfo(gl, undefined, canvas.width, canvas.height);
    valid = false;
  }

  function uniforms(extra) {
    return {
      u_scale: view.scale, u_offset: view.offset, u_view: [view.w, view.h],
      u_t: last.t, u_fade: last.fade, u_floor: FLOOR, u_colors: colorData, u_px: px * (window.devicePixelRatio || 1), ...extra,
    };
  }

  function drawRange(g, from, to, extra) {
    const a = g.vertexOf(from);
    const b = g.vertexOf(to);
    if (b <= a) return;
    gl.useProgram(g.prog.program);
    twgl.setBuffersAndAttributes(gl, g.prog, g.vao);
    twgl.setUniforms(g.prog, uniforms(extra));
    gl.drawArrays(g.mode, a, b - a);
  }

  function draw() {
    if (!view) return;
    const { t, fade } = last;
    const settleSpan = fade < 0 ? 0 : fade;
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    // Rows that ended more than the fade ago look the same from now on.
    const settled = groups.map((g) => upperBound(g.starts, t - settleSpan - g.lag));
    if (!valid || groups.some((g, i) => settled[i] < g.settled)) {
      twgl.bindFramebufferInfo(gl, fbo);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      for (const g of groups) g.settled = 0;
      valid = true;
    }
    if (groups.some((g, i) => settled[i] > g.settled)) {
      twgl.bindFramebufferInfo(gl, fbo);
      groups.forEach((g, i) => {
        drawRange(g, g.settled, settled[i]);
        g.settled = settled[i];
      });
    }
    twgl.bindFramebufferInfo(gl, null);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.useProgram(blitProg.program);
    twgl.setBuffersAndAttributes(gl, blitProg, quad);
    twgl.setUniforms(blitProg, { u_tex: fbo.attachments[0] });
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    for (const g of groups) drawRange(g, g.settled, upperBound(g.starts, t));
    if (heads.n) {
      gl.useProgram(pointProg.program);
      twgl.setBuffersAndAttributes(gl, pointProg, heads.vao);
      twgl.setUniforms(pointProg, uniforms({ u_px: 1.6 * px * (window.devicePixelRatio || 1), u_fade: -1 }));
      gl.drawArrays(gl.POINTS, 0, heads.n);
    }
  }

  let frame = null;
  const schedule = () => {
    if (frame === null) frame = requestAnimationFrame(() => { frame = null; draw(); });
  };

  map.on('zoomstart', () => { canvas.style.visibility = 'hidden'; });
  map.on('moveend zoomend resize viewreset', () => {
    canvas.style.visibility = '';
    place();
    schedule();
  });
  place();

  return {
    /** t and fade in seconds from the columns' base (fade < 0: never); heads: [{lon, lat, cat}] of movers under way. */
    setTime(t, { fade, heads: moving = [] }) {
      if (fade !== last.fade) valid = false;
      last = { t, fade };
      const list = moving.slice(0, HEADS);
      if (list.length) {
        const pos = new Float32Array(2 * list.length);
        list.forEach((m, i) => pos.set(project(m.lon, m.lat), 2 * i));
        twgl.setAttribInfoBufferFromArray(gl, heads.buf.attribs.a_pos, pos, 0);
        twgl.setAttribInfoBufferFromArray(gl, heads.buf.attribs.a_cat, Uint8Array.from(list, (m) => m.cat), 0);
      }
      heads.n = list.length;
      draw();
    },
    /** on: one byte per row, 1 where the filters keep it. */
    setFilter(on) {
      for (const g of groups) {
        const bytes = g.onBytes;
        if (g.first) {
          for (let i = 0; i < g.rows.length; i++) bytes.fill(on[g.rows[i]], g.first[i], g.first[i + 1]);
        } else {
          for (let i = 0; i < g.rows.length; i++) bytes[i] = on[g.rows[i]];
        }
        twgl.setAttribInfoBufferFromArray(gl, g.buffers.attribs.a_on, bytes);
      }
      valid = false;
      schedule();
    },
    canvas,
  };
}
