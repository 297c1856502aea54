// Every event on the GPU: two canvases in map panes drawn with WebGL2
// (twgl for the plumbing). A frame binary-searches each group (sorted by
// start) for the rows started by t and draws index ranges, with no
// per-event JavaScript; the ranges index a list of the vertices the
// filters keep, so a hidden row costs nothing. Software GL pays per
// point, and the compositor per canvas, so rows are split by age: those
// long faded look the same from then on and are added to a texture that
// keeps them ("settled"); a few times a second the background canvas is
// redrawn as that texture plus the rows still fading; only the fresh ones
// are drawn every frame, on the live canvas. All are redrawn when the
// view, filter, basemap or fade changes, or time goes back further than
// the texture's slack.

import * as twgl from '../../vendor/twgl/twgl-full.module.js';
import { upperBound } from './query.js';
import { pointGroups, trackGroup, project, indexRoom, filterIndex } from './gpudata.js';
import { POINT_VS, POINT_FS, LINE_VS, LINE_FS } from './shaders.js';

const FLOOR = 0.25; // visibility.js FADE_FLOOR
const REFRESH_MS = 300;
// Points SwiftShader draws in about 25 ms here (about 1.2 µs each, 7 px,
// measured alone on a quiet machine; twice that under load): a redraw of
// a million settled rows is spread over frames, filling in, rather than
// freezing the page.
const BUDGET = 20000;
const FRESH = 1 / 16; // of the fade: what is drawn every frame
// The settled texture stops this far (of the fade, or SLACK_MIN seconds at
// least) short of all it could hold; what lies between is drawn with the
// fading rows. A step back by less (←, the previous event) then leaves the
// texture as it is, where it would otherwise be drawn again from nothing:
// at a million events, ten frames of 50-370 ms for one key.
const SLACK = 1 / 32;
const SLACK_MIN = 3600;
// Rows past the fresh ones the live canvas may draw before the back one is
// redrawn: a few frames of playback's worth, not a jump's thousands.
const BEHIND = 4000;
const HEADS = 256; // movers under way at once, at most
// After a move the settled rows wait this long at most for the basemap's
// new shapes, which would otherwise make them be drawn twice: the land is
// under them in the same texture.
const GROUND_WAIT_MS = 1000;
// While a new filter is on its way (typed into the search box) the settled
// rows stop filling in, at most this long: it will redraw them all, and a
// fill frame in the compositor's way would hold the answer back.
const HOLD_MS = 1000;
// A drag of the timeline that stops moving this long counts as let go.
const SCRUB_IDLE_MS = 250;

/** One canvas's programs and buffers for the groups. */
function createSurface(L, parent, groups, { preserve, texture = false, opaque = false }) {
  const canvas = L.DomUtil.create('canvas', 'gpu-layer', parent);
  const gl = canvas.getContext('webgl2', {
    alpha: !opaque, antialias: false, premultipliedAlpha: true, preserveDrawingBuffer: preserve,
  });
  if (!gl) throw new Error('WebGL2 is not available');
  const progs = { points: twgl.createProgramInfo(gl, [POINT_VS, POINT_FS]), lines: twgl.createProgramInfo(gl, [LINE_VS, LINE_FS]) };
  const vaos = groups.map((g) => {
    const arrays = {
      a_pos: { numComponents: 2, data: g.pos },
      a_start: { numComponents: 1, data: new Float32Array(g.start) },
      a_end: { numComponents: 1, data: new Float32Array(g.end) },
      a_cat: { numComponents: 1, data: g.cat, normalize: false },
      indices: g.shown.index.subarray(0, g.shown.count),
    };
    if (g.vt) arrays.a_vt = { numComponents: 1, data: new Float32Array(g.vt) };
    return twgl.createVertexArrayInfo(gl, progs[g.kind], twgl.createBufferInfoFromArrays(gl, arrays));
  });
  const headsBuf = twgl.createBufferInfoFromArrays(gl, {
    a_pos: { numComponents: 2, data: new Float32Array(2 * HEADS), drawType: gl.DYNAMIC_DRAW },
    a_start: { numComponents: 1, data: new Float32Array(HEADS).fill(-3e9) },
    a_end: { numComponents: 1, data: new Float32Array(HEADS).fill(3e9) },
    a_cat: { numComponents: 1, data: new Uint8Array(HEADS), normalize: false, drawType: gl.DYNAMIC_DRAW },
  });
  const headsVao = twgl.createVertexArrayInfo(gl, progs.points, headsBuf);

  // An offscreen texture the size of the canvas, and for an opaque one a
  // second holding the basemap, copied under the first when it is redrawn.
  let fbo = null;
  let groundFbo = null;
  const groundAttachments = [{ format: gl.RGBA, type: gl.UNSIGNED_BYTE, min: gl.NEAREST, mag: gl.NEAREST, wrap: gl.CLAMP_TO_EDGE }];

  /** Copies framebuffer from whole onto to (null: the canvas). */
  function copy(from, to) {
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, from.framebuffer);
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, to ? to.framebuffer : null);
    gl.blitFramebuffer(0, 0, canvas.width, canvas.height, 0, 0, canvas.width, canvas.height, gl.COLOR_BUFFER_BIT, gl.NEAREST);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
  }

  /** Draws the rows [from, to) of group i that the filters keep. */
  function draw(i, from, to, uniforms) {
    const g = groups[i];
    const a = g.shown.elemBefore[from];
    const b = g.shown.elemBefore[to];
    if (b <= a) return;
    const prog = progs[g.kind];
    gl.useProgram(prog.program);
    twgl.setBuffersAndAttributes(gl, prog, vaos[i]);
    twgl.setUniforms(prog, uniforms);
    gl.drawElements(g.kind === 'points' ? gl.POINTS : gl.LINES, b - a, gl.UNSIGNED_INT, 4 * a);
  }

  return {
    canvas,
    opaque,
    /** After a resize: the texture follows the canvas. */
    resize() {
      if (!texture) return;
      if (fbo) twgl.resizeFramebufferInfo(gl, fbo, undefined, canvas.width, canvas.height);
      else fbo = twgl.createFramebufferInfo(gl, undefined, canvas.width, canvas.height);
      if (!opaque) return;
      if (groundFbo) twgl.resizeFramebufferInfo(gl, groundFbo, groundAttachments, canvas.width, canvas.height);
      else groundFbo = twgl.createFramebufferInfo(gl, groundAttachments, canvas.width, canvas.height);
    },
    /** Draw into the texture (true) or onto the canvas (false). */
    target(toTexture) {
      twgl.bindFramebufferInfo(gl, toTexture ? fbo : null);
    },
    /**
     * Copies the texture onto the canvas, just cleared: a framebuffer
     * blit, which SwiftShader does as a copy, several times faster than
     * drawing the texture on a quad.
     */
    blit() {
      copy(fbo, null);
    },
    /** Keeps a 2D canvas the size of this one as the basemap. */
    setGround(source) {
      gl.bindTexture(gl.TEXTURE_2D, groundFbo.attachments[0]);
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, true);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, gl.RGBA, gl.UNSIGNED_BYTE, source);
      gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    },
    /** Copies the basemap into the texture, under what is drawn into it next. */
    underlay() {
      copy(groundFbo, fbo);
    },
    /** Gives the context back at once rather than when the canvas is collected. */
    lose() {
      canvas.remove();
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    },
    clear() {
      gl.viewport(0, 0, canvas.width, canvas.height);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    },
    draw,
    heads(list, uniforms) {
      if (!list.length) return;
      const pos = new Float32Array(2 * list.length);
      list.forEach((m, i) => pos.set(project(m.lon, m.lat), 2 * i));
      twgl.setAttribInfoBufferFromArray(gl, headsBuf.attribs.a_pos, pos, 0);
      twgl.setAttribInfoBufferFromArray(gl, headsBuf.attribs.a_cat, Uint8Array.from(list, (m) => m.cat), 0);
      gl.useProgram(progs.points.program);
      twgl.setBuffersAndAttributes(gl, progs.points, headsVao);
      twgl.setUniforms(progs.points, uniforms);
      gl.drawArrays(gl.POINTS, 0, list.length);
    },
    /** Uploads group i's index of the vertices the filters keep. */
    setShown(i) {
      const { index, count } = groups[i].shown;
      gl.bindVertexArray(vaos[i].vertexArrayObject);
      gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, index.subarray(0, count), gl.DYNAMIC_DRAW);
      gl.bindVertexArray(null);
    },
  };
}

/**
 * covered() is the width of the map's left side under the sidebar, where
 * nothing drawn shows: the canvases are clipped to what is left, because
 * the compositor draws every layer whole each frame when it runs on the
 * CPU through SwiftShader, and two blended canvases the size of the map
 * were a good part of that frame.
 */
export function createGpuLayer({
  L, map, cols, colors, pane, backPane = pane, px = 7, covered = () => 0, ground = null,
}) {
  const groups = [...pointGroups(cols).map((g) => ({ ...g, kind: 'points' })), { ...trackGroup(cols), kind: 'lines' }];
  const all = new Uint8Array(cols.n).fill(1);
  for (const g of groups) g.shown = filterIndex(g, indexRoom(g), all);
  // Neither canvas keeps its drawing buffer (that costs a copy a frame):
  // the back one is redrawn whole from its texture whenever it changes.
  // When the basemap shows (ground.shown()), the back canvas draws it too,
  // under the settled rows, and is opaque: the compositor then skips what
  // lies under it, the basemap's SVG among them.
  let back = createSurface(L, map.getPane(backPane), groups, { preserve: false, texture: true, opaque: Boolean(ground?.shown()) });
  const live = createSurface(L, map.getPane(pane), groups, { preserve: false });
  const surfaces = [back, live];
  const land = document.createElement('canvas');
  let landStale = true;
  const colorData = new Float32Array(48);
  colors.slice(0, 16).forEach((c, i) => colorData.set(c, 3 * i));

  let view = null; // { scale, offset, w, h }
  let last = { t: 0, fade: -1, heads: [] };
  let settled = groups.map(() => 0); // rows [0, settled[i]) are in the back texture
  let faded = groups.map(() => 0); // rows from the texture's end (or the fill's) to faded[i] on the back canvas over it
  let valid = false;
  let settledAt = -Infinity;
  let refreshedAt = NaN; // the time the fading canvas was drawn at
  let shownAt = -Infinity; // when, and with which fade, it was drawn
  let shownSpan = NaN;
  let groundBy = 0; // until when the settled rows wait for the basemap
  let heldBy = 0; // until when they wait for a filter (hold)
  let holdTimer = null;
  let scrubbing = false; // the timeline is being dragged (scrub)
  let scrubTimer = null;
  let trailTimer = null;

  function place() {
    const size = map.getSize();
    const dpr = window.devicePixelRatio || 1;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    for (const { canvas } of surfaces) {
      L.DomUtil.setPosition(canvas, topLeft);
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
      canvas.width = Math.round(size.x * dpr);
      canvas.height = Math.round(size.y * dpr);
    }
    back.resize();
    landStale = true;
    const origin = map.getPixelOrigin();
    view = { scale: 2 ** map.getZoom(), offset: [origin.x + topLeft.x, origin.y + topLeft.y], w: size.x, h: size.y, topLeft };
    valid = false;
    groundBy = performance.now() + GROUND_WAIT_MS;
    clip();
  }

  /** The basemap at the back canvas's size and place. */
  function paintLand() {
    land.width = back.canvas.width;
    land.height = back.canvas.height;
    const ctx = land.getContext('2d');
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ground.paint(ctx, view.topLeft);
    back.setGround(land);
    landStale = false;
  }

  /** Swaps the back canvas for an opaque one or a transparent one. */
  function setOpaque(opaque) {
    const old = back;
    back = createSurface(L, map.getPane(backPane), groups, { preserve: false, texture: true, opaque });
    surfaces[0] = back;
    old.lose();
    place();
  }

  /** Clips the canvases to the map right of the sidebar, following them while the map is dragged. */
  function clip() {
    const x = map.layerPointToContainerPoint(view.topLeft).x;
    const left = `${Math.max(0, covered() - x)}px`;
    for (const { canvas } of surfaces) canvas.style.clipPath = `inset(0 0 0 ${left})`;
  }

  const uniforms = (extra) => ({
    u_scale: view.scale, u_offset: view.offset, u_view: [view.w, view.h], u_t: last.t, u_fade: last.fade,
    u_floor: FLOOR, u_colors: colorData, u_px: px * (window.devicePixelRatio || 1), ...extra,
  });

  /** Redraws the back canvas at t: the settled texture caught up by up to BUDGET rows shown, then the rows still fading. */
  function refresh(t, span, target, reset, u) {
    if (reset) {
      back.target(true);
      back.clear();
      if (back.opaque) {
        if (landStale) paintLand();
        back.underlay();
      }
      settled = groups.map(() => 0);
      valid = true;
    }
    const now = performance.now();
    const held = now < heldBy;
    const waiting = held || scrubbing || (back.opaque && ground.expects() && now < groundBy);
    let budget = waiting ? 0 : BUDGET;
    back.target(true);
    target.forEach((x, i) => {
      const before = groups[i].shown.shownBefore;
      const to = Math.min(x, upperBound(before, before[settled[i]] + budget) - 1);
      if (to <= settled[i]) return;
      back.draw(i, settled[i], to, u);
      budget -= before[to] - before[settled[i]];
      settled[i] = to;
    });
    back.target(false);
    const filled = target.every((x, i) => x <= settled[i]);
    // At a standing time the canvas stays right while its texture fills: it
    // is drawn again, with its fading rows (at a million events tens of
    // thousands, which cost more than the fill), a few times a second and
    // once the fill is done, not each frame of it.
    if (reset || filled || t !== refreshedAt || span !== shownSpan || now - shownAt >= REFRESH_MS) {
      back.clear();
      back.blit();
      const from = target.map((x, i) => Math.max(x, settled[i]));
      faded = groups.map((g, i) => Math.max(from[i], upperBound(g.starts, t - span * FRESH)));
      groups.forEach((g, i) => back.draw(i, from[i], faded[i], u));
      refreshedAt = t;
      shownAt = now;
      shownSpan = span;
    }
    settledAt = filled ? performance.now() : -Infinity;
    if (settledAt < 0 && !held && !scrubbing) schedule();
  }

  /**
   * Draws the frame at last.t. The back canvas and its texture (at most
   * BUDGET rows more a frame) are redrawn only in the layer's own frame
   * callback: when they are due, setTime leaves all to that callback, so
   * a jump, shown in the same frame, pays for them once (while playing,
   * the layer is then a frame behind, a few times a second).
   */
  function draw(inFrame = false) {
    if (!view) return;
    const { t, fade } = last;
    const span = fade < 0 ? 0 : fade;
    const u = uniforms();
    // What has ended more than the fade ago no longer changes: the texture
    // may keep it, and fills in up to SLACK short of it.
    const slack = Math.max(span * SLACK, SLACK_MIN);
    const target = groups.map((g) => upperBound(g.starts, t - span - g.lag - slack));
    const reset = !valid || groups.some((g, i) => upperBound(g.starts, t - span - g.lag) < settled[i]);
    // Rows no longer fresh that the live canvas would still draw: many
    // after a jump forward, which the back canvas takes at once.
    const behind = groups.reduce((n, g, i) => n + Math.max(0, upperBound(g.starts, t - span * FRESH) - faded[i]), 0);
    // The fading canvas is redrawn a few times a second while time moves,
    // at once when it goes back or far forward, and each frame until the
    // settled one has caught up (unless held for a filter).
    const now = performance.now();
    const filling = settledAt < 0 && now >= heldBy && !scrubbing;
    const due = reset || behind > BEHIND || filling || t < refreshedAt || (t !== refreshedAt && now - settledAt > REFRESH_MS);
    // While the timeline is dragged, the back canvas follows a few times a
    // second and does not fill in: at a million events each new time would
    // redraw tens of thousands of fading rows, and each move back would
    // start the fill again. Between, the live canvas adds the fresh rows.
    const throttled = due && scrubbing && valid && now - shownAt < REFRESH_MS;
    if (throttled) {
      clearTimeout(trailTimer);
      trailTimer = setTimeout(schedule, shownAt + REFRESH_MS - now);
    } else if (due) {
      if (!inFrame) {
        schedule();
        return;
      }
      refresh(t, span, target, reset, u);
    } else if (inFrame) {
      // The layer's own frame with nothing due (a fill step put off by
      // hold): drawing nothing leaves the compositor no frame to make.
      return;
    }
    live.clear();
    groups.forEach((g, i) => {
      const from = throttled ? Math.max(faded[i], upperBound(g.starts, t - span * FRESH)) : faded[i];
      live.draw(i, from, upperBound(g.starts, t), u);
    });
    live.heads(last.heads, uniforms({ u_px: 1.6 * px * (window.devicePixelRatio || 1), u_fade: -1 }));
  }

  /** The timeline is dragged (true, at each move) or let go (false): see draw. */
  function scrub(on) {
    clearTimeout(scrubTimer);
    scrubbing = on;
    if (on) scrubTimer = setTimeout(scrub, SCRUB_IDLE_MS, false);
    else schedule();
  }

  let frame = null;
  const schedule = () => {
    if (frame === null) frame = requestAnimationFrame(() => { frame = null; draw(true); });
  };

  map.on('zoomstart', () => surfaces.forEach((s) => { s.canvas.style.visibility = 'hidden'; }));
  map.on('move', () => { if (view) clip(); });
  map.on('moveend zoomend resize viewreset', () => {
    surfaces.forEach((s) => { s.canvas.style.visibility = ''; });
    place();
    schedule();
  });
  place();

  return {
    /** t and fade in seconds from the columns' base (fade < 0: never); heads: [{lon, lat, cat}] of movers under way. */
    setTime(t, { fade, heads = [] }) {
      if (fade !== last.fade) valid = false;
      last = { t, fade, heads: heads.slice(0, HEADS) };
      draw();
    },
    scrub,
    /** The basemap changed: new shapes, or tiles shown over it or taken away. */
    groundChanged() {
      const opaque = Boolean(ground?.shown());
      if (opaque !== back.opaque) setOpaque(opaque);
      else if (!opaque) return;
      landStale = true;
      valid = false;
      schedule();
    },
    /** A new filter is on its way (setFilter): until it comes, or HOLD_MS, the settled rows stop filling in. */
    hold() {
      heldBy = performance.now() + HOLD_MS;
      clearTimeout(holdTimer);
      holdTimer = setTimeout(schedule, HOLD_MS);
    },
    /** on: one byte per row, 1 where the filters keep it. */
    setFilter(on) {
      heldBy = 0;
      clearTimeout(holdTimer);
      groups.forEach((g, i) => {
        filterIndex(g, g.shown, on);
        for (const s of surfaces) s.setShown(i);
      });
      valid = false;
      schedule();
    },
  };
}
