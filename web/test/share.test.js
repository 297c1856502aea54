import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shareURL, embedSnippet, framingAllowed } from '../static/js/share.js';
import { decodeState, encodeState } from '../static/js/state.js';

test('share links: the page as it is, the embed flag set for the iframe and cleared for the link', () => {
  const href = 'http://maps.example.org/?t=2020-01-08T03:00:00Z&embed=1#x';
  assert.equal(shareURL(href), 'http://maps.example.org/?t=2020-01-08T03:00:00Z');
  assert.equal(shareURL(href, { embed: true }), 'http://maps.example.org/?t=2020-01-08T03:00:00Z&embed=1');
  assert.equal(shareURL('http://x.org/?map=33,44,5.5', { embed: true }), 'http://x.org/?map=33,44,5.5&embed=1');
});

test('the iframe code escapes what it quotes', () => {
  assert.equal(embedSnippet('http://x.org/?a=1&embed=1', { title: 'A "quoted" <title>', height: 500 }),
    '<iframe src="http://x.org/?a=1&amp;embed=1" title="A &quot;quoted&quot; &lt;title>" width="100%" height="500" style="border:0" loading="lazy" allowfullscreen></iframe>');
});

test('framing is allowed unless frame-ancestors is \'none\'', () => {
  assert.equal(framingAllowed("default-src 'self'; frame-ancestors 'none'"), false);
  assert.equal(framingAllowed("default-src 'self'; frame-ancestors 'self' https://a.org"), true);
  assert.equal(framingAllowed("default-src 'self'"), true);
  assert.equal(framingAllowed(null), true);
});

test('the embed view survives the URL round trip', () => {
  assert.equal(decodeState('embed=1').embed, true);
  assert.equal(decodeState('embed=0').embed, false);
  assert.match(encodeState({ ...decodeState(''), embed: true }), /embed=1/);
  assert.doesNotMatch(encodeState(decodeState('')), /embed/);
});
