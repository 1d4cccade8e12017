// The self-diagnostic profile as the player computes it, from the player's own code: every case of
// tests/fixtures/profile-cases.json (also run by the report's Rust code, src/report/profile.rs)
// through the campus.js that Campus builds for each target, loaded as it is in a bare context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { build, root } from './lib.mjs';
import { readZip } from './zip.mjs';

const cases = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'profile-cases.json'), 'utf8')).cases;

/** The `Campus` object of a bundle, run with just enough of a browser for it to load. */
function player(script) {
  const noop = () => {};
  const sandbox = {
    document: { documentElement: { classList: { add: noop, remove: noop } }, addEventListener: noop },
    addEventListener: noop, location: { search: '', href: '' }, localStorage: { getItem: () => null, setItem: noop, removeItem: noop },
  };
  sandbox.window = sandbox;
  vm.runInNewContext(`${script}\n;this.Campus = Campus;`, sandbox);
  return sandbox.Campus;
}

test('profile cases: the player of every target computes each dimension\'s score and level as the shared table says', () => {
  const out = build(join(root, 'courses', 'se-situer'), '--target', 'web', '--target', 'scorm12', '--target', 'scorm2004', '--target', 'xapi', '--target', 'cmi5');
  try {
    const bundles = { web: readFileSync(join(out, 'web', 'campus.js'), 'utf8') };
    for (const target of ['scorm12', 'scorm2004', 'xapi', 'cmi5']) {
      const zip = readdirSync(join(out, target)).find((f) => f.endsWith('.zip'));
      bundles[target] = readZip(readFileSync(join(out, target, zip))).find((e) => e.name === 'campus.js').data.toString();
    }
    assert.ok(cases.length >= 20, 'the table has its cases');
    for (const [target, script] of Object.entries(bundles)) {
      const campus = player(script);
      const na = /"na":"([^"]+)"/.exec(script)[1];
      for (const c of cases) {
        // [answer in the state's encoding, points, reversed], as the player reads its state
        const answers = c.answers.map((a) => [a.value === null ? undefined : a.value === 'na' ? na : String(a.value), a.points, !!a.reverse]);
        const score = campus.score(answers);
        assert.equal(score, c.score, `${target}: ${c.name}: score`);
        const level = campus.level(score, c.levels);
        assert.equal(level, c.level === null ? -1 : c.level, `${target}: ${c.name}: level`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
