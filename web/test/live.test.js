import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchCollection } from '../static/js/live.js';

function server(etags) {
  const seen = [];
  let i = 0;
  return {
    seen,
    fetchFn: async (url, opts) => {
      seen.push({ url, opts });
      const etag = etags[Math.min(i++, etags.length - 1)];
      const match = opts.headers['If-None-Match'] === etag;
      return { status: match ? 304 : 200, headers: { get: () => etag } };
    },
  };
}

test('the watch asks with the ETag it has, and calls onChange once the data changes', async () => {
  const s = server(['"a"', '"a"', '"b"']);
  let changed = 0;
  await new Promise((resolve) => {
    watchCollection({ id: 'events', every: 1, fetchFn: s.fetchFn, doc: { hidden: false }, onChange: () => { changed++; resolve(); } });
  });
  assert.equal(changed, 1);
  assert.equal(s.seen[0].url, '/api/collections/events/items?limit=1');
  assert.equal(s.seen[0].opts.method, 'HEAD');
  assert.deepEqual(s.seen[0].opts.headers, {});
  assert.equal(s.seen[1].opts.headers['If-None-Match'], '"a"');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(s.seen.length, 3, 'no more asking after a change');
});
