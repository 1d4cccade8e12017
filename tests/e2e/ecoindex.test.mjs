import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantile, ecoindex, grade } from './ecoindex.mjs';

test('the EcoIndex formula', () => {
  assert.equal(quantile([0, 10, 20], 5), 0.5);
  assert.equal(quantile([0, 10, 20], 15), 1.5);
  assert.equal(ecoindex(0, 0, 0), 100);
  // A tiny page: all three measures in the first quantile.
  assert.ok(ecoindex(40, 2, 20) > 90);
  assert.equal(grade(ecoindex(40, 2, 20)), 'A');
  assert.equal(grade(80), 'B');
  assert.equal(grade(5), 'G');
  // A heavy page lands low.
  assert.ok(ecoindex(2500, 300, 9000) < 10);
});
