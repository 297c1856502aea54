import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../static');

/**
 * The modules file imports statically, and theirs, as paths under static/;
 * dynamic import() is left out, and vendored modules (copied in by the
 * build) are listed but not read.
 */
function staticGraph(file, seen = new Set()) {
  const src = fs.readFileSync(path.join(root, file), 'utf8');
  for (const [, spec] of src.matchAll(/^\s*import\s(?:[^'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm)) {
    const dep = path.posix.join(path.posix.dirname(file), spec);
    if (!seen.has(dep)) {
      seen.add(dep);
      if (!dep.startsWith('vendor/')) staticGraph(dep, seen);
    }
  }
  return seen;
}

test('index.html loads or preloads exactly the modules main.js imports, at any depth', () => {
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\/([^"]+)">/g)].map(([, p]) => p);
  const scripts = [...html.matchAll(/<script type="module" src="\/([^"]+)"/g)].map(([, p]) => p);
  assert.deepEqual(scripts, ['js/early.js', 'js/main.js']);
  const graph = staticGraph('js/main.js');
  assert.deepEqual([...preloaded, 'js/early.js'].sort(), [...graph].sort());
  assert.equal(new Set(preloaded).size, preloaded.length, 'a module is listed twice');
  // The page at scale and the heavy libraries stay out of a small collection's load.
  assert.ok(!preloaded.some((p) => p.startsWith('js/scale/') || p.startsWith('vendor/')));
});

test('staticGraph follows imports across folders and ignores import()', () => {
  const graph = staticGraph('js/scale/app.js');
  assert.ok(graph.has('js/timeline.js'));
  assert.ok(graph.has('vendor/twgl/twgl-full.module.js'));
  assert.ok(!staticGraph('js/main.js').has('js/scale/app.js'));
});

test('the bundled page, once built, loads the bundle and preloads every file its main.js imports', (t) => {
  const file = path.join(root, 'bundle/index.html');
  if (!fs.existsSync(file)) {
    t.skip('not built: make bundle');
    return;
  }
  const html = fs.readFileSync(file, 'utf8');
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\/([^"]+)">/g)].map(([, p]) => p);
  const scripts = [...html.matchAll(/<script type="module" src="\/([^"]+)"/g)].map(([, p]) => p);
  assert.deepEqual(scripts, ['bundle/early.js', 'bundle/main.js']);
  const graph = [...staticGraph('bundle/main.js')].filter((f) => f !== 'bundle/early.js');
  assert.deepEqual([...preloaded].sort(), graph.sort());
  assert.ok(preloaded.every((p) => p.startsWith('bundle/')));
});
