// What drawing points costs on this machine's software WebGL (SwiftShader
// in headless Chromium), the measure behind the GPU layer's design:
// node web/bench/glpoints.mjs [N]
// Times, with a 1-pixel readback to wait for the GPU, N points drawn at
// several sizes, and N points all culled in the vertex shader (the cost of
// filtering every row on the GPU instead of drawing an index range).

import { chromium } from 'playwright-core';

const N = Number(process.argv[2] ?? 100000);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.setContent('<canvas id="c" width="1400" height="900"></canvas>');
  const result = await page.evaluate((n) => {
    const gl = document.getElementById('c').getContext('webgl2', { antialias: false });
    const vs = `#version 300 es
in vec2 p;
uniform float s;
uniform float cull;
void main() {
  gl_Position = cull > 0.5 ? vec4(2.0, 2.0, 2.0, 1.0) : vec4(p, 0.0, 1.0);
  gl_PointSize = s;
}`;
    const fs = `#version 300 es
precision mediump float;
out vec4 o;
void main() {
  vec2 d = gl_PointCoord - 0.5;
  if (dot(d, d) > 0.25) discard;
  o = vec4(0.3, 0.2, 0.1, 0.5);
}`;
    const prog = gl.createProgram();
    for (const [type, src] of [[gl.VERTEX_SHADER, vs], [gl.FRAGMENT_SHADER, fs]]) {
      const sh = gl.createShader(type);
      gl.shaderSource(sh, src);
      gl.compileShader(sh);
      gl.attachShader(prog, sh);
    }
    gl.linkProgram(prog);
    gl.useProgram(prog);
    const data = new Float32Array(2 * n).map(() => Math.random() * 1.6 - 0.8);
    gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
    gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
    const loc = gl.getAttribLocation(prog, 'p');
    gl.enableVertexAttribArray(loc);
    gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    const sync = () => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    const time = (size, cull) => {
      gl.uniform1f(gl.getUniformLocation(prog, 's'), size);
      gl.uniform1f(gl.getUniformLocation(prog, 'cull'), cull);
      const runs = [];
      for (let i = 0; i < 3; i++) {
        sync();
        const a = performance.now();
        gl.drawArrays(gl.POINTS, 0, n);
        sync();
        runs.push(performance.now() - a);
      }
      return runs.sort((x, y) => x - y)[1];
    };
    const out = {};
    for (const size of [1, 3, 5, 7]) out[`${size} px drawn`] = time(size, 0);
    out['culled in the vertex shader'] = time(7, 1);
    return out;
  }, N);
  console.log(`| ${N.toLocaleString('en-GB')} points | ms (median of 3) | µs per point |`);
  console.log('|---|---:|---:|');
  for (const [k, ms] of Object.entries(result)) console.log(`| ${k} | ${ms.toFixed(0)} | ${((ms * 1000) / N).toFixed(2)} |`);
} finally {
  await browser.close();
}
