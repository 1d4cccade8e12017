// The web edition in a real browser (Debian Chromium through playwright-core, one browser for the
// whole file): a learner's journey through two Reset courses, axe on every page type, a
// keyboard-only walk, escaping of hostile texts, and reading without JavaScript.
// Every expected answer, score, level and advice comes from the SOURCES (read by lib.mjs with a
// parser independent of Campus), never from the data the pages embed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { AxeBuilder } from '@axe-core/playwright';
import { serve, launch, build, readCourse, root, campusBin, parseToml } from './lib.mjs';
import { rightAnswer, wrongAnswer, give, shown, sorted, currentOrder } from './learner.mjs';

let ctx; // the one Chromium (persistent context) of this file
const cleanup = [];

before(async () => { ctx = await launch(); });
after(async () => {
  await ctx?.close();
  for (const f of cleanup.reverse()) await f();
});

// French UI strings of the learner's pages (the Reset path and the fixtures are in French).
const FR = {
  right: 'Bonne réponse.', wrong: "Ce n'est pas la bonne réponse.", done: 'Terminé', notStarted: 'Pas commencé',
  passed: 'Réussi.', failed: 'Pas encore réussi.', saved: 'Enregistré.', notScored: 'Non noté',
};
// French pages show French typography (docs/format.md): no-break spaces and ’ for '. Texts are
// compared with both read as the plain ones; a link is found by its name as shown.
const norm = (s) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\u2019/g, "'").replace(/\s+/g, ' ').trim();
const shownFr = (s) => s.replace(/'/g, '\u2019');
const plain = (md) => norm(md.replace(/[*`]/g, '')).replace(/ ([:;!?»])/g, '$1').replace(/« /g, '«');

/** Fails the test later on any page error, console error, failed request or dialog. */
function watch(page, problems) {
  const favicon = (url) => /\/favicon\.ico(\?|$)/.test(url || '');
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !favicon(m.location()?.url)) problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('response', (r) => { if (r.status() >= 400 && !favicon(r.url())) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  page.on('requestfailed', (r) => { if (!favicon(r.url())) problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`); });
  page.on('dialog', (d) => { problems.push(`dialog opened: ${d.type()} ${d.message()}`); d.dismiss().catch(() => {}); });
}

/** A new tab, watched, with short timeouts (a step that takes seconds is a failure here). */
async function tab(problems, context = ctx) {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  watch(page, problems);
  return page;
}

/** Builds the web edition of a path into a temporary folder (removed at the end). */
function buildWeb(sources) {
  const out = build(sources, '--target', 'web');
  cleanup.push(() => rmSync(out, { recursive: true, force: true }));
  return out;
}

async function site(dir) {
  const server = await serve(join(dir, 'web'));
  cleanup.push(() => server.close());
  return server;
}

// ---------------------------------------------------------------------------------------------
// Answers (from the sources: learner.mjs) and the feedback the learner sees

/** The state of a question's feedback as the learner sees it. */
function feedbackState(page, q) {
  return page.evaluate((sel) => {
    const block = document.querySelector(sel);
    const v = block.querySelector('[data-verdict]');
    // Shown within its block (the block's page may be hidden, after a reload).
    const visible = (el) => !!el && !el.hidden && getComputedStyle(el).display !== 'none';
    // What the eye sees of the status: its text without the screen-reader-only part, which must
    // take no room (the explanation is shown once, below it).
    const sr = [...v.querySelectorAll('.sr')];
    return {
      role: v.getAttribute('role'), cls: v.className, verdict: v.textContent,
      seen: [...v.childNodes].filter((n) => !sr.includes(n)).map((n) => n.textContent).join(''),
      srHidden: sr.every((e) => getComputedStyle(e).position === 'absolute' && e.getBoundingClientRect().width <= 1 && e.getBoundingClientRect().height <= 1),
      explain: visible(block.querySelector('[data-explain]')),
      explainText: block.querySelector('[data-explain]')?.textContent ?? null,
      choiceFeedback: [...block.querySelectorAll('[data-choice-feedback]')].filter(visible).map((f) => f.getAttribute('data-choice-feedback')).sort(),
      retry: visible(block.querySelector('[data-retry]')),
      locked: [...block.querySelectorAll('input, select, [data-move]')].every((c) => c.disabled) && block.querySelector('[data-check]').getAttribute('aria-disabled') === 'true',
    };
  }, `#b-${q.id}`);
}

/** Asserts the feedback of a checked question: verdict, explanation, per-choice feedback, retry. */
async function assertFeedback(page, q, a, ok, { retry, announced = true }) {
  const f = await feedbackState(page, q);
  assert.equal(f.role, 'status', `${q.id}: the verdict is a status region`);
  assert.ok(f.cls.split(' ').includes(ok ? 'ok' : 'ko'), `${q.id}: verdict class ${f.cls}, expected ${ok ? 'ok' : 'ko'}`);
  assert.ok(norm(f.verdict).startsWith(ok ? FR.right : FR.wrong), `${q.id}: verdict "${f.verdict}"`);
  if (q.feedback) {
    assert.ok(f.explain, `${q.id}: the explanation is shown`);
    if (announced) assert.ok(norm(f.verdict).includes(norm(f.explainText)), `${q.id}: the explanation is announced with the verdict`);
    assert.equal(norm(f.seen), ok ? FR.right : FR.wrong, `${q.id}: the status shows the verdict alone (the explanation is not printed twice)`);
    assert.ok(f.srHidden, `${q.id}: the explanation for screen readers is visually hidden`);
  } else {
    assert.equal(f.explainText, null, `${q.id}: no explanation in the sources, none on the page`);
  }
  const chosenWithFeedback = (q.choices || []).filter((c) => c.feedback && a.ids?.includes(c.id)).map((c) => c.id).sort();
  assert.deepEqual(f.choiceFeedback, chosenWithFeedback, `${q.id}: per-choice feedback shown for exactly the chosen choices`);
  assert.equal(f.retry, retry, `${q.id}: retry offered = ${retry}`);
  assert.ok(f.locked, `${q.id}: the answered question is locked`);
  return f;
}

// ---------------------------------------------------------------------------------------------
// 1. A learner's journey through se-situer and documenter-evaluer-repliquer

test('learner journey: two whole Reset courses, feedback, restore after reload, scores and profile from the sources', async () => {
  const out = buildWeb(join(root, 'courses'));
  const server = await site(out);
  const problems = [];
  const courses = ['se-situer', 'documenter-evaluer-repliquer'].map((id) => ({ id, src: readCourse(join(root, 'courses', id)) }));
  const expectedRows = {}; // "course/module" -> {status, score}
  let choiceFeedbackSeen = 0, reflectionRestored = 0, diagnosticRestored = 0, reloadedWhileTyping = 0;

  // The two courses at the same time, each in its own tab (as a learner with two tabs open).
  await Promise.all(courses.map(async ({ id: courseId, src: course }) => {
    const page = await tab(problems);
    assert.equal(course.id, courseId);
    const scale = course.likert_scale;
    for (const mod of course.loaded) {
      const front = mod.front;
      const assessed = !!front.assessed;
      const mastery = front.mastery_score ?? course.mastery_score ?? 80;
      const questions = mod.blocks.filter((b) => b.block === 'question');
      const retryOf = (q) => q.retry ?? course.retry ?? true;
      const wrongInAssessed = assessed ? questions[1 % questions.length].id : null;
      const given = new Map(); // question id -> final answer
      const diagValues = new Map();
      const reflections = new Map();
      const reloadAt = mod.pages >= 2 ? Math.floor((mod.pages - 1) / 2) : -1;

      // By links: from the path home (or, after a module, up from its summary) to the course home, to the module.
      if (mod === course.loaded[0]) {
        await page.goto(`${server.url}/index.html`);
        await page.locator('main').getByRole('link', { name: shownFr(course.title), exact: true }).click();
      } else {
        await page.click('header.crumbs a');
      }
      await page.waitForURL(`**/${courseId}/index.html`);
      await page.locator('main').getByRole('link', { name: shownFr(front.title), exact: true }).click();
      await page.waitForURL(`**/${courseId}/${front.id}.html`);
      assert.equal(norm(await page.textContent('h1')), norm(front.title));
      const sectionIds = await page.$$eval('section.page', (s) => s.map((x) => x.id));
      assert.equal(sectionIds.length, mod.pages + 1, `${front.id}: one section per page plus the summary`);
      assert.equal(sectionIds.at(-1), 'summary');
      const titles = readFileSync(join(root, 'courses', courseId, mod.file), 'utf8')
        .split(/\r?\n/).filter((l) => /^# /.test(l)).map((l) => plain(l.slice(2)));

      for (let p = 0; p < mod.pages; p++) {
        const blocks = mod.blocks.filter((x) => x.page === p);
        const seen = await page.evaluate((ids) => ({
          current: [...document.querySelectorAll('section.page.current')].map((x) => x.id),
          shown: [...document.querySelectorAll('section.page')].filter((x) => x.getClientRects().length).map((x) => x.id),
          title: document.querySelector('section.page.current h2')?.textContent,
          progress: document.querySelector('[data-progress]').textContent,
          hidden: ids.filter((id) => { const e = document.getElementById(`b-${id}`); return !e || !e.getClientRects().length || !e.closest('.current'); }),
        }), blocks.map((b) => b.id));
        assert.deepEqual(seen.current, [sectionIds[p]], `${front.id}: page ${p + 1} is the current one`);
        assert.deepEqual(seen.shown, [sectionIds[p]], `${front.id}: page ${p + 1} is the only one shown`);
        assert.equal(plain(seen.title), titles[p], `${front.id}: title of page ${p + 1}`);
        assert.equal(norm(seen.progress), `Page ${p + 1} sur ${mod.pages}`);
        assert.deepEqual(seen.hidden, [], `${front.id}: the blocks of page ${p + 1} are shown on it`);
        const typed = [];

        for (const b of blocks) {
          const sel = `#b-${b.id}`;
          if (b.block === 'question') {
            const first = questions[0].id === b.id;
            if (!assessed && first) {
              const wrong = wrongAnswer(b);
              await give(page, b, wrong);
              await page.click(`${sel} [data-check]`);
              const f = await assertFeedback(page, b, wrong, false, { retry: retryOf(b) });
              if (f.choiceFeedback.length) choiceFeedbackSeen++;
              assert.ok(retryOf(b), `${b.id}: the Reset courses allow retries`);
              await page.click(`${sel} [data-retry]`);
              const r = await feedbackState(page, b);
              assert.equal(r.verdict, '', `${b.id}: retry clears the verdict`);
              assert.equal(r.explain, false);
              assert.deepEqual(r.choiceFeedback, []);
              assert.equal(r.locked, false, `${b.id}: retry unlocks the question`);
            }
            const ok = b.id !== wrongInAssessed;
            const a = ok ? rightAnswer(b) : wrongAnswer(b);
            await give(page, b, a);
            await page.click(`${sel} [data-check]`);
            await assertFeedback(page, b, a, ok, { retry: false });
            given.set(b.id, { q: b, a, ok });
          } else if (b.block === 'diagnostic') {
            const n = (b.scale || scale).length;
            const dims = course.dimensions.map((d) => d.id);
            const j = [...diagValues.values()].filter((v) => v.dim === b.dimension).length;
            // A spread of levels across dimensions; with the course's "not applicable" answer, one
            // statement of the second dimension and three of the third (not enough to place it).
            const at = dims.indexOf(b.dimension);
            const na = course.not_applicable && ((at === 1 && j === 0) || (at === 2 && j < 3));
            const value = na ? 'na' : (at + j) % n;
            await page.check(`${sel}-${value}`);
            diagValues.set(b.id, { dim: b.dimension, value, n, reverse: !!b.reverse });
          } else if (b.block === 'reflection') {
            const text = `Réflexion privée « ${b.id} » : des alliés & des conditions — ${'x'.repeat(20)}`;
            await page.fill(`${sel} textarea`, text);
            typed.push(`${sel} [data-saved]`);
            reflections.set(b.id, text);
          } else if (b.block === 'resource') {
            const href = await page.getAttribute(`${sel} a`, 'href');
            const res = await page.request.get(new URL(href, page.url()).href);
            assert.equal(res.status(), 200, `${b.id}: the resource ${href} is served`);
            assert.match(norm(await page.textContent(`${sel} .meta`)), /\(.+, .+\)/, `${b.id}: format and size shown`);
          }
        }

        if (typed.length && p !== reloadAt) { // kept after a pause in typing
          await page.waitForFunction((sels) => sels.every((s) => document.querySelector(s).textContent.trim() !== ''), typed);
          for (const s of typed) assert.equal(norm(await page.textContent(s)), FR.saved);
        }
        if (typed.length && p === reloadAt) reloadedWhileTyping++; // the reload comes before the pause: kept on leaving

        if (p === reloadAt) {
          await page.reload();
          const after = await page.$$eval('section.page.current', (s) => s.map((x) => x.id));
          assert.deepEqual(after, [sectionIds[p]], `${front.id}: after a reload the bookmarked page ${p + 1} is shown`);
          for (const { q, a, ok } of given.values()) {
            assert.deepEqual(sorted(await shown(page, q)), sorted(a), `${front.id}: answer to ${q.id} restored`);
            await assertFeedback(page, q, a, ok, { retry: false, announced: false });
          }
          for (const [id, v] of diagValues) {
            assert.equal(await page.isChecked(`#b-${id}-${v.value}`), true, `${front.id}: statement ${id} restored`);
            diagnosticRestored++;
          }
          for (const [id, text] of reflections) {
            assert.equal(await page.inputValue(`#b-${id} textarea`), text, `${front.id}: reflection ${id} restored`);
            reflectionRestored++;
          }
        }

        await page.click('[data-go=next]');
        const next = p + 1 < mod.pages ? sectionIds[p + 1] : 'summary';
        assert.deepEqual(await page.evaluate(() => [document.activeElement.tagName, document.activeElement.closest('section')?.id]),
          ['H2', next], 'the focus moves to the heading of the new page');
      }

      // The module's summary.
      assert.deepEqual(await page.$$eval('section.page', (s) => s.filter((x) => x.getClientRects().length).map((x) => x.id)), ['summary'],
        `${front.id}: the summary is the only page shown`);
      assert.equal(await page.isDisabled('[data-go=next]'), true, 'no page after the summary');
      assert.equal(norm(await page.textContent('[data-summary=pages]')), `Pages vues : ${mod.pages} sur ${mod.pages}. Module terminé.`);
      const key = `${courseId}/${front.id}`;
      if (assessed) {
        let total = 0, got = 0;
        for (const { q, ok } of given.values()) { total += q.weight ?? 1; if (ok) got += q.weight ?? 1; }
        assert.equal(given.size, questions.length);
        const pct = Math.round((100 * got) / total);
        const passed = (100 * got) / total >= mastery;
        const verdict = passed ? FR.passed : FR.failed;
        assert.equal(norm(await page.textContent('[data-summary=score]')),
          `Score : ${pct} % (seuil de réussite : ${mastery} %). ${verdict}`, `${key}: score from the sources' weights and mastery`);
        assert.equal(await page.$$eval('[data-summary=practice]', (e) => e.length), 0);
        expectedRows[key] = { status: FR.done, score: `${pct} % · ${verdict}`, passed };
        const again = await page.$eval('[data-summary=again]', (e) => ({ shown: e.getClientRects().length > 0, text: e.textContent }));
        assert.equal(again.shown, !passed, `${key}: how to try again is said after a failure only`);
        if (!passed) assert.match(norm(again.text), /effacez votre progression/, `${key}: the web edition's way to try again`);
      } else {
        assert.equal(await page.$$eval('[data-summary=score]', (e) => e.length), 0, `${key}: a formative module has no score`);
        if (questions.length) {
          const right = [...given.values()].filter((g) => g.ok).length;
          assert.equal(right, questions.length);
          assert.equal(norm(await page.textContent('[data-summary=practice]')),
            `Questions d'entraînement (non notées) répondues : ${questions.length} sur ${questions.length}. Bonnes réponses : ${right} sur ${questions.length}.`);
        }
        expectedRows[key] = { status: FR.done, score: FR.notScored };
      }
      if (diagValues.size) {
        assert.ok(await page.isVisible('[data-summary=profile] [data-chart] .chart[role=img]'), `${key}: the profile chart is drawn`);
        assert.equal(await page.$$eval('[data-summary=profile] .chart .row', (r) => r.length), course.dimensions.length);
        const levelsSeen = new Set();
        let notApplicable = 0, tooFew = 0;
        for (const d of course.dimensions) {
          const all = [...diagValues.values()].filter((v) => v.dim === d.id);
          const answers = all.filter((v) => v.value !== 'na');
          notApplicable += all.length - answers.length;
          assert.ok(all.length, `${d.id}: statements answered`);
          // The table's rows, made by the runtime, in the course's order like the chart's.
          const row = `[data-summary=profile] tbody tr:nth-child(${course.dimensions.indexOf(d) + 1})`;
          assert.equal(norm(await page.textContent(`${row} th`)), d.label);
          // Each level's start is marked on the chart, at its score.
          const ticks = await page.$$eval(`[data-summary=profile] .chart .row:nth-child(${course.dimensions.indexOf(d) + 1}) .tick`,
            (t) => t.map((x) => Number(x.style.getPropertyValue('--w'))));
          assert.deepEqual(ticks, d.levels.slice(1).map((l) => l.from), `${d.id}: the levels' thresholds on the chart`);
          if (answers.length * 2 < all.length) { // fewer than half the statements on the scale
            tooFew++;
            assert.equal(norm(await page.textContent(`${row} > :nth-child(2)`)), 'Pas assez de réponses pour situer cette dimension.', `${d.id}: not enough answers`);
            assert.equal(norm(await page.textContent(`${row} > :nth-child(3)`)), '—');
            assert.equal(await page.$$eval(`[data-advice^="${d.id}:"]`, (els) => els.length), 0, `${d.id}: no advice without a level`);
            continue;
          }
          const sum = answers.reduce((s, v) => s + (v.reverse ? v.n - 1 - v.value : v.value) / (v.n - 1), 0);
          const score = Math.round((100 * sum) / answers.length);
          let level = -1;
          d.levels.forEach((l, i) => { if (score >= l.from) level = i; });
          levelsSeen.add(level);
          const counted = answers.length < all.length ? ` Score calculé sur ${answers.length} affirmations sur ${all.length}.` : '';
          assert.equal(norm(await page.textContent(`${row} > :nth-child(2)`)), `${score} / 100${counted}`, `${d.id}: score`);
          assert.equal(norm(await page.textContent(`${row} > :nth-child(3)`)), d.levels[level].label, `${d.id}: level`);
          const advice = await page.$$eval(`[data-advice^="${d.id}:"]`, (els) => els.map((e) => ({
            key: e.getAttribute('data-advice'), visible: !e.hidden && e.getClientRects().length > 0, text: e.textContent })));
          const visible = advice.filter((x) => x.visible);
          assert.equal(visible.length, 1, `${d.id}: exactly one advice block shown`);
          assert.equal(visible[0].key, `${d.id}:${level}`);
          assert.ok(norm(visible[0].text).includes(norm(d.levels[level].advice).slice(0, 60)), `${d.id}: the advice of level ${d.levels[level].label}`);
        }
        assert.ok(levelsSeen.size >= 2, 'the chosen answers reach several levels');
        if (course.not_applicable) assert.ok(notApplicable === 4 && tooFew === 1, `${key}: "not applicable" answered 4 times, one dimension not placed`);
      }
      // Private reflections stay out of the tracked state.
      if (reflections.size) {
        const stored = await page.evaluate(() => Object.entries(localStorage));
        const state = stored.find(([k]) => k.endsWith(`:state:${key}`));
        assert.ok(state, `${key}: state stored`);
        for (const text of reflections.values()) assert.ok(!state[1].includes(text), 'a private reflection is not in the state');
      }
    }
    await page.close();
  }));
  assert.ok(choiceFeedbackSeen >= 2, 'per-choice feedback was exercised');
  assert.ok(reflectionRestored >= 1 && diagnosticRestored >= 1 && reloadedWhileTyping >= 1, 'reloads restored reflections and diagnostic answers');

  // The path summary.
  const page = await tab(problems);
  await page.goto(`${server.url}/summary.html`);
  const rows = await page.$$eval('li[data-progress]', (trs) => trs.map((tr) => ({
    key: tr.getAttribute('data-progress'),
    status: tr.querySelector('[data-cell=status]').textContent,
    score: tr.querySelector('[data-cell=score]').textContent })));
  for (const [key, want] of Object.entries(expectedRows)) {
    const row = rows.find((r) => r.key === key);
    assert.ok(row, `summary row ${key}`);
    assert.equal(norm(row.status), want.status, `${key}: status`);
    assert.equal(norm(row.score), want.score, `${key}: score`);
  }
  for (const row of rows.filter((r) => !expectedRows[r.key])) assert.equal(norm(row.status), FR.notStarted, `${row.key} untouched`);
  // The overall figure, against the sources: every module of the path, every assessed one.
  const all = parseToml(readFileSync(join(root, 'courses', 'path.toml'), 'utf8')).courses.flatMap((id) => readCourse(join(root, 'courses', id)).loaded);
  const passedNow = Object.values(expectedRows).filter((r) => r.passed).length;
  assert.equal(rows.length, all.length, 'one row per module of the path');
  assert.equal(norm(await page.textContent('[data-overall=done]')), `Modules terminés : ${Object.keys(expectedRows).length} sur ${all.length}.`);
  assert.equal(norm(await page.textContent('[data-overall=passed]')),
    `Évaluations réussies : ${passedNow} sur ${all.filter((m) => m.front.assessed).length}.`);
  await page.close();
  assert.deepEqual(problems, []);
});

// ---------------------------------------------------------------------------------------------
// A scaffolded course (every block kind but video), with a path.toml next to it

// The demo path's identity: a short name, an accent colour (5.9:1 on white) and a logo drawn for
// this test, as an editor saves it (declaration, comment).
const IDENTITY = {
  name: 'Démo', alt: 'Équipe de test', accent: '#8a3b12',
  toml: ['short_name = "Démo"', 'accent_colour = "#8a3b12"', 'logo = { file = "logo.svg", alt = "Équipe de test" }'],
  svg: '<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn for the tests -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">\n' +
    '  <rect width="40" height="40" rx="8" fill="#8a3b12"/>\n  <circle cx="20" cy="20" r="9" fill="#fff"/>\n</svg>\n',
};

let demo;
function demoSite() {
  if (!demo) {
    const dir = mkdtempSync(join(tmpdir(), 'campus-demo-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync(campusBin, ['new', join(dir, 'courses', 'demo'), '--quiet']);
    writeFileSync(join(dir, 'courses', 'path.toml'), [
      'id = "demo-path"', 'title = "Parcours de démonstration"', 'publisher = "Équipe de test"',
      'language = "fr"', 'base_iri = "https://example.org/activities"', ...IDENTITY.toml, 'courses = ["demo"]', ''].join('\n'));
    writeFileSync(join(dir, 'courses', 'logo.svg'), IDENTITY.svg);
    demo = { dir, course: readCourse(join(dir, 'courses', 'demo')), out: buildWeb(join(dir, 'courses')) };
  }
  return demo;
}

function formatViolations(label, violations) {
  return violations.map((v) => `[${label}] ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
    v.nodes.map((n) => `  - ${n.target.join(' ')}\n    ${n.failureSummary.replace(/\n/g, '\n    ')}`).join('\n')).join('\n');
}

// ---------------------------------------------------------------------------------------------
// 2. axe on every page type and state

test('self-diagnostic: "not applicable", too few answers, "Refaire l\'autodiagnostic" with the previous profile kept over a reload; the chart on a phone, axe clean', async () => {
  const out = buildWeb(join(root, 'courses'));
  const server = await site(out);
  const problems = [];
  const page = await tab(problems);
  const course = readCourse(join(root, 'courses', 'se-situer'));
  const mod = course.loaded.find((m) => m.blocks.some((b) => b.block === 'diagnostic'));
  const statements = mod.blocks.filter((b) => b.block === 'diagnostic');
  const dims = course.dimensions;
  const ofDim = (b) => statements.filter((x) => x.dimension === b.dimension).indexOf(b);
  // The table's rows are made when the summary is shown: dimension, score, level, previous score.
  const cells = (cell) => page.$$eval('[data-summary=profile] tbody tr', (rows, c) => rows.map((r) => r.cells[c].textContent), { score: 1, level: 2, before: 3 }[cell]);
  const toSummary = () => page.evaluate(() => document.querySelector('.toc a[href="#summary"]').click());
  const stored = () => page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([k]) => k.includes(':state:') && k.endsWith('/autodiagnostic'))[1]));
  await page.goto(`${server.url}/se-situer/${mod.front.id}.html`);
  assert.equal(await page.$$eval('.diagnostic input[value=na]', (e) => e.length), statements.length, 'every statement offers "not applicable"');
  assert.equal(await page.$$eval('[data-summary=profile] tbody *', (e) => e.length), 0, 'no row of the profile table before the summary is shown');
  // Each statement a radio group named by its text, one tab stop; each radio named by its
  // column's heading (the scale's answer), which is shown on every page with statements, above
  // them; every page axe clean, at 1280 and 390 px.
  for (const [p, page1] of [...new Set(statements.map((b) => b.page))].entries()) {
    await page.evaluate((n) => document.querySelector(`.toc a[data-page="${n}"]`).click(), page1);
    const here = statements.filter((b) => b.page === page1);
    const tree = plain(await page.locator('section.page.current').ariaSnapshot());
    const answers = [...course.likert_scale, course.not_applicable].map(plain);
    for (const b of here) {
      const statement = plain(b.statement);
      assert.ok(tree.includes(`radiogroup "${statement}"`), `${b.id}: the group named by its statement in\n${tree}`);
      // The group's part of the (flattened) tree: up to the next group.
      const group = tree.slice(tree.indexOf(`radiogroup "${statement}"`) + 1).split(' - radiogroup ')[0];
      for (const answer of answers) assert.ok(group.includes(`radio "${answer}"`), `${b.id}: a radio named "${answer}" in ${group}`);
    }
    const heads = await page.$$eval('section.page.current .scale span', (e) => e.map((x) => x.textContent));
    assert.deepEqual(heads.map(plain), answers, `page ${page1 + 1}: the column headings above the statements`);
    for (const width of p === 0 ? [1280, 390] : [1280]) {
      await page.setViewportSize({ width, height: 844 });
      // The radios in the columns of their headings.
      const off = await page.evaluate(() => {
        const heads = [...document.querySelectorAll('.current .scale span')].map((h) => h.getBoundingClientRect());
        return [...document.querySelectorAll('.current .diagnostic input')].map((i, k) => {
          const r = i.getBoundingClientRect(), h = heads[k % heads.length];
          return Math.abs((r.left + r.right) / 2 - (h.left + h.right) / 2);
        });
      });
      assert.ok(off.every((d) => d < 2), `page ${page1 + 1} at ${width} px: each radio under its heading: ${off}`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `no sideways scroll at ${width} px`);
      const a = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).options({ resultTypes: ['violations'] }).analyze();
      assert.equal(formatViolations(`self-diagnostic page ${page1 + 1} at ${width} px`, a.violations), '', 'axe clean');
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  // First diagnostic: the first dimension with three "not applicable" (not enough answers), the
  // second with one (three statements counted), the others on the scale.
  const first = (b) => {
    const d = dims.findIndex((x) => x.id === b.dimension), j = ofDim(b);
    if ((d === 0 && j < 3) || (d === 1 && j === 0)) return 'na';
    return String((d + j) % 4);
  };
  for (const b of statements) await page.evaluate(([id, v]) => document.getElementById(`b-${id}-${v}`).click(), [b.id, first(b)]);
  await toSummary();
  const scores1 = await cells('score');
  assert.equal(norm(scores1[0]), 'Pas assez de réponses pour situer cette dimension.');
  assert.match(norm(scores1[1]), /^\d+ \/ 100 Score calculé sur 3 affirmations sur 4\.$/);
  assert.ok(scores1.slice(2).every((t) => /^\d+ \/ 100$/.test(norm(t))), `the other dimensions: 4 statements counted: ${scores1}`);
  assert.equal(norm((await cells('level'))[0]), '—');
  assert.ok(await page.isVisible('[data-redo]'));
  assert.equal(await page.getAttribute('[data-redo]', 'aria-describedby'), 'redo-hint');

  // Started again: answers cleared, back to the first statement, the previous profile in the state.
  await page.click('[data-redo]');
  assert.equal(await page.$$eval('.diagnostic input:checked', (e) => e.length), 0);
  assert.ok(await page.evaluate((id) => document.activeElement === document.querySelector(`#${id}`).closest('section').querySelector('h2'), `b-${statements[0].id}`), 'focus on the page of the first statement');
  assert.match(norm(await page.textContent('[data-progress]')), /Nouveau diagnostic : répondez de nouveau aux affirmations/);
  const st = await stored();
  assert.deepEqual(st.p, scores1.map((t) => (/^(\d+) \//.test(norm(t)) ? Number(/^(\d+)/.exec(norm(t))[1]) : null)), 'the previous profile kept as one score (or null) per dimension');
  assert.equal(st.r, 1);
  assert.ok(statements.every((b) => !(b.id in st.a)));
  // The previous profile alone, before any new answer.
  await toSummary();
  assert.equal(await page.isVisible('[data-profile-empty]'), true);
  assert.equal(await page.$$eval('.chart .before', (e) => e.length), dims.length, 'the previous bars shown');
  // Second diagnostic, then a reload: both profiles, in the chart and the table.
  for (const b of statements) await page.evaluate((id) => document.getElementById(`b-${id}-3`).click(), b.id);
  await page.reload();
  await toSummary();
  const before = await cells('before');
  assert.deepEqual(before.map(norm), scores1.map((t) => (/^\d+ \/ 100/.test(norm(t)) ? /^\d+ \/ 100/.exec(norm(t))[0] : '—')), 'the previous scores beside the new ones, after a reload');
  assert.equal(await page.isVisible('th[data-before]'), true);
  assert.match(norm(await page.getAttribute('.chart', 'aria-label')), /^Votre profil : .+\(précédent : —\).+niveaux à partir de 40, 70/);
  assert.match(norm(await page.textContent('.legend')), /diagnostic précédent/);

  // A phone, 390 px wide: names in full size above their bars, no sideways scroll, axe clean.
  await page.setViewportSize({ width: 390, height: 844 });
  const phone = await page.$$eval('.chart .row', (rows) => rows.map((r) => {
    const name = r.querySelector('.name').getBoundingClientRect(), track = r.querySelector('.track').getBoundingClientRect();
    return { size: parseFloat(getComputedStyle(r.querySelector('.name')).fontSize), above: name.bottom <= track.top + 1, width: track.width };
  }));
  assert.ok(phone.every((r) => r.size >= 16 && r.above && r.width > 250), `labels at full size above wide bars: ${JSON.stringify(phone)}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scroll at 390 px');
  await page.$eval('[data-summary=profile]', (e) => e.scrollIntoView());
  await page.screenshot({ path: join(tmpdir(), 'campus-profile-390.png'), fullPage: false });
  const r = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).options({ resultTypes: ['violations'] }).analyze();
  assert.deepEqual(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], 'axe: the profile with the previous one, at 390 px');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.close();
  assert.deepEqual(problems, []);
});

test('axe (wcag2a, wcag2aa, wcag21aa): zero violations on every page type', async () => {
  const { course, out } = demoSite();
  const server = await site(out);
  const problems = [];
  const page = await tab(problems);
  const report = [];
  const scanned = [];
  async function scan(label) {
    // Legacy mode: axe runs in the page itself (no iframes here), without opening a page per scan.
    const r = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .options({ resultTypes: ['violations'] }).analyze();
    scanned.push(label);
    if (r.violations.length) report.push(formatViolations(label, r.violations));
  }

  await page.goto(`${server.url}/index.html`); await scan('path home');
  await page.goto(`${server.url}/demo/index.html`); await scan('course home');

  for (const mod of course.loaded) {
    await page.goto(`${server.url}/demo/${mod.front.id}.html`);
    for (let p = 0; p < mod.pages; p++) {
      const blocks = mod.blocks.filter((b) => b.page === p);
      if (!blocks.length) await scan(`${mod.front.id} page ${p + 1}`);
      const questions = blocks.filter((b) => b.block === 'question');
      if (questions.length) {
        // Every question checked: half wrong (explanations, per-choice feedback, retry), half right.
        for (const [i, q] of questions.entries()) {
          await give(page, q, i % 2 ? rightAnswer(q) : wrongAnswer(q));
          await page.click(`#b-${q.id} [data-check]`);
        }
        await scan(`${mod.front.id} page ${p + 1}, questions checked with feedback`);
      }
      for (const b of blocks) {
        if (b.block === 'diagnostic') await page.check(`#b-${b.id}-2`);
        if (b.block === 'reflection') await page.fill(`#b-${b.id} textarea`, 'Une première action.');
        if (b.block === 'audio' || b.block === 'video') await page.click(`#b-${b.id} summary`);
      }
      if (blocks.some((b) => b.block !== 'question')) {
        await page.waitForFunction(() => [...document.querySelectorAll('.current [data-saved]')].every((e) => e.textContent)); // "saved"
        await scan(`${mod.front.id} page ${p + 1}, answered, transcript open`);
      }
      await page.click('[data-go=next]');
    }
    await page.click('.toc summary');
    await scan(`${mod.front.id} summary${mod.blocks.some((b) => b.block === 'diagnostic') ? ' with the profile' : ''}, contents open`);
    if (mod.blocks.some((b) => b.block === 'diagnostic')) {
      // Started again, one statement "not applicable": the new profile beside the previous one.
      await page.click('[data-redo]');
      await page.check(`#b-${mod.blocks.find((b) => b.block === 'diagnostic').id}-na`);
      await page.evaluate(() => document.querySelector('.toc a[href="#summary"]').click());
      await scan(`${mod.front.id} summary with the previous profile`);
    }
  }
  await page.goto(`${server.url}/summary.html`); await scan('path summary with progress');
  await page.close();
  assert.ok(scanned.length >= 9, `pages scanned: ${scanned.join(', ')}`);
  assert.equal(report.join('\n\n'), '', `axe violations:\n${report.join('\n\n')}`);
  assert.deepEqual(problems, []);
});

// ---------------------------------------------------------------------------------------------
// 3. Keyboard only

test('keyboard only: every control of the module with every block kind, visible focus, announced feedback', async () => {
  const { course, out } = demoSite();
  const server = await site(out);
  const problems = [];
  const page = await tab(problems);
  const mod = course.loaded.find((m) => !m.front.assessed);
  const kb = page.keyboard;
  const stops = [];

  const focusInfo = (target) => page.evaluate((sel) => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return {
      desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.getAttribute('data-move') ? '[move ' + el.getAttribute('data-move') + ']' : ''} ${(el.textContent || '').trim().slice(0, 30)}`,
      body: el === document.body || el === document.documentElement,
      outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) || 0,
      hit: sel ? el.matches(sel) : false,
      before: sel && document.querySelector(sel) ? !!(el.compareDocumentPosition(document.querySelector(sel)) & Node.DOCUMENT_POSITION_PRECEDING) : false,
      media: el.tagName === 'AUDIO' || el.tagName === 'VIDEO',
    };
  }, target);
  // Inside the native controls of <audio>/<video> (a closed shadow tree) the browser draws its own
  // focus ring: there the test compares a picture of the element with one taken before it had focus.
  let media = null; // {sel, unfocused: Buffer}
  async function assertFocus(f, label) {
    assert.ok(!f.body, `${label}: focus is lost (on the body); last stops: ${stops.slice(-6).join(' | ')}`);
    // The pages' own focus style (3px), not only the browser's thin default ring.
    if (f.outline !== 'none' && f.width >= 2) return;
    if (f.media && media) {
      const shot = await page.locator(media.sel).screenshot();
      assert.ok(!shot.equals(media.unfocused), `${label}: no visible focus inside the controls of ${f.desc}`);
      return;
    }
    assert.fail(`${label}: focus not visible on ${f.desc} (outline ${f.outline} ${f.width}px)`);
  }
  async function assertVisibleFocus(label) {
    const f = await focusInfo(null);
    await assertFocus(f, label);
    return f;
  }
  /** Tab (or Shift+Tab when the target is before the focus) until the focus is on `sel`. */
  async function reach(sel, max = 40) {
    let f = await focusInfo(sel);
    if (f.hit) return;
    const back = f.before && !f.body;
    let last = null;
    for (let i = 0; i < max; i++) {
      await kb.press(back ? 'Shift+Tab' : 'Tab');
      f = await focusInfo(sel);
      stops.push(f.desc);
      await assertFocus(f, `Tab stop while looking for ${sel}`);
      if (f.hit) return;
      assert.ok(f.media || f.desc !== last, `focus stuck on ${f.desc} (keyboard trap)`);
      last = f.desc;
    }
    assert.fail(`could not reach ${sel} with ${back ? 'Shift+Tab' : 'Tab'}; stops: ${stops.slice(-12).join(' | ')}`);
  }
  const value = (sel) => page.evaluate((s) => document.querySelector(s).value, sel);
  async function checkWith(q, ok) {
    await reach(`#b-${q.id} [data-check]`);
    await kb.press('Enter');
    const f = await feedbackState(page, q);
    assert.equal(f.role, 'status', `${q.id}: verdict region is role=status`);
    assert.ok(norm(f.verdict).startsWith(ok ? FR.right : FR.wrong), `${q.id}: the verdict region gets "${ok ? FR.right : FR.wrong}", got "${f.verdict}"`);
    await assertVisibleFocus(`${q.id}: after checking`);
    return f;
  }
  /** A radio group: the focus enters it, Space selects, arrows move the selection. */
  async function radio(groupSel, wantValue) {
    await reach(`${groupSel} input[type=radio]`);
    await kb.press('Space');
    for (let i = 0; i < 10 && await value(`${groupSel} input:checked`) !== wantValue; i++) await kb.press('ArrowDown');
    assert.equal(await value(`${groupSel} input:checked`), wantValue, `${groupSel}: ${wantValue} selected with the arrows`);
    await assertVisibleFocus(groupSel);
  }

  await page.goto(`${server.url}/demo/${mod.front.id}.html`);
  const sectionIds = await page.$$eval('section.page', (s) => s.map((x) => x.id));
  const likert = {};
  // The skip link comes first and is visible when focused.
  await kb.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await assertVisibleFocus('skip link');
  assert.ok(await page.evaluate(() => document.activeElement.getBoundingClientRect().left >= 0), 'the skip link shows on focus');

  const questionsDone = new Set();
  for (let p = 0; p < mod.pages; p++) {
    for (const b of mod.blocks.filter((x) => x.page === p)) {
      const sel = `#b-${b.id}`;
      if (b.block === 'question') {
        const q = b, a = rightAnswer(q);
        switch (q.kind) {
          case 'single': case 'true-false': {
            if (q.kind === 'single') {
              // Wrong first, retry with the keyboard, then right.
              const wrong = wrongAnswer(q);
              await radio(sel, wrong.ids[0]);
              const f = await checkWith(q, false);
              assert.equal(f.retry, true);
              await reach(`${sel} [data-retry]`);
              await kb.press('Enter');
              await assertVisibleFocus(`${q.id}: after retry`);
            }
            await radio(sel, a.ids[0]);
            break;
          }
          case 'multiple':
            for (const c of q.choices) {
              await reach(`${sel}-${c.id}`);
              if (a.ids.includes(c.id) !== await page.isChecked(`${sel}-${c.id}`)) await kb.press('Space');
            }
            break;
          case 'fill-in': case 'numeric':
            await reach(`${sel}-input`);
            await kb.type(a.text);
            // On to the check button, then Shift+Tab back to the field.
            await kb.press('Tab');
            await reach(`${sel}-input`);
            assert.equal(await value(`${sel}-input`), a.text);
            break;
          case 'matching':
            for (const [left, right] of Object.entries(a.pairs)) {
              const s = `${sel} select[data-left="${left}"]`;
              await reach(s);
              for (let i = 0; i < 10 && await value(s) !== right; i++) await kb.press('ArrowDown');
              assert.equal(await value(s), right, `${q.id}: ${left} matched with the keyboard`);
            }
            break;
          case 'ordering':
            for (let i = 0; i < a.order.length; i++) {
              const j = (await currentOrder(page, sel)).indexOf(a.order[i]);
              if (j <= i) continue;
              await reach(`${sel} [data-item="${a.order[i]}"] [data-move="-1"]`);
              for (let k = j; k > i; k--) {
                await kb.press('Enter');
                await assertVisibleFocus(`${q.id}: move button after a move`);
                assert.match(norm(await page.textContent(`${sel} [data-verdict]`)), /position \d+ sur \d+/, 'the move is announced');
              }
            }
            assert.deepEqual(await currentOrder(page, sel), a.order, `${q.id}: ordered with the keyboard`);
            break;
        }
        const f = await checkWith(q, true);
        assert.ok(f.locked);
        questionsDone.add(q.kind);
      } else if (b.block === 'diagnostic') {
        await radio(sel, '2');
        likert[b.id] = { value: 2, n: (b.scale || course.likert_scale).length, reverse: !!b.reverse, dim: b.dimension };
      } else if (b.block === 'reflection') {
        await reach(`${sel} textarea`);
        await kb.type('Inviter les voisins à la prochaine réunion.');
        await page.waitForFunction((s) => document.querySelector(s).textContent.trim() !== '', `${sel} [data-saved]`);
      } else if (b.block === 'resource') {
        await reach(`${sel} a`);
      } else if (b.block === 'audio' || b.block === 'video') {
        const m = `${sel} ${b.block}`;
        media = { sel: m, unfocused: await page.locator(m).screenshot() };
        await reach(m); // the element itself, with the page's focus style
        await kb.press('Tab'); // into its controls: play
        await assertVisibleFocus(`${b.id}: play button`);
        await kb.press('Enter');
        await page.waitForFunction((x) => { const e = document.querySelector(x); return !e.paused || e.ended; }, m, { timeout: 5000 });
        await reach(`${sel} summary`);
        media = null;
        assert.equal(await page.isVisible(`${sel} details > :not(summary)`), false, 'transcript closed at first');
        await kb.press('Enter');
        assert.equal(await page.evaluate((s) => document.querySelector(s).open, `${sel} details`), true, 'transcript opened with Enter');
        assert.ok(await page.isVisible(`${sel} details > :not(summary)`), 'transcript visible');
      }
    }
    await reach('[data-go=next]');
    await kb.press('Enter');
    const next = sectionIds[p + 1];
    assert.equal(await page.evaluate(() => document.activeElement.closest('section')?.id), next, 'the pager moves the focus to the next page');
    await assertVisibleFocus(`heading of ${next}`);
  }
  assert.deepEqual([...questionsDone].sort(), ['fill-in', 'matching', 'multiple', 'numeric', 'ordering', 'single', 'true-false']);
  // The statement answered with the arrow keys counts in the profile.
  assert.ok(await page.isVisible('[data-summary=profile] .chart'), 'profile reached');
  for (const d of course.dimensions) {
    const answers = Object.values(likert).filter((v) => v.dim === d.id);
    const score = Math.round((100 * answers.reduce((t, v) => t + (v.reverse ? v.n - 1 - v.value : v.value) / (v.n - 1), 0)) / answers.length);
    assert.equal(norm(await page.textContent(`[data-summary=profile] tbody tr:nth-child(${course.dimensions.indexOf(d) + 1}) > :nth-child(2)`)), `${score} / 100`);
  }
  // The previous-page button works from the keyboard too.
  await reach('[data-go=prev]');
  await kb.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.closest('section')?.id), sectionIds[mod.pages - 1]);
  await page.close();
  assert.deepEqual(problems, []);
});

// ---------------------------------------------------------------------------------------------
// 4. Escaping

test('escaping: hostile titles, headings, prompts, choices and feedback render as text; no script runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campus-evil-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const evil = `<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> " ' & 🎓`;
  const t = (s) => JSON.stringify(s); // a TOML basic string
  // In Markdown pages raw HTML is refused: the heading and text escape it with backslashes.
  const md = (s) => s.replace(/[\\<>_*`&]/g, (c) => (c === '&' ? '&amp;' : `\\${c}`));
  const scriptBreak = '</script><script>window.__pwned=1</script>';
  mkdirSync(join(dir, 'courses', 'evil'), { recursive: true });
  writeFileSync(join(dir, 'courses', 'path.toml'), [
    'id = "evil-path"', `title = ${t('Parcours ' + evil)}`, `description = ${t(evil)}`, `publisher = ${t(evil)}`,
    `credits = ${t(evil)}`, 'language = "fr"', 'base_iri = "https://example.org/activities"', 'courses = ["evil"]', ''].join('\n'));
  writeFileSync(join(dir, 'courses', 'evil', 'course.toml'), [
    'id = "evil"', `title = ${t('Cours ' + evil)}`, `description = ${t(evil)}`, 'version = "1.0.0"', 'date = "2026-01-01"',
    `authors = [${t(evil)}]`, `keywords = [${t(evil)}]`, 'modules = ["01.md"]',
    `likert_scale = [${t('Échelle ' + evil)}, "Plutôt non", "Plutôt oui", "Tout à fait"]`,
    '[[dimensions]]', 'id = "dim"', `label = ${t('Dim ' + evil)}`,
    '[[dimensions.levels]]', 'from = 0', `label = ${t('Niveau ' + evil)}`, `advice = ${t(evil)}`, ''].join('\n'));
  writeFileSync(join(dir, 'courses', 'evil', 'notes.md'), '# notes\n');
  const fence = '```';
  writeFileSync(join(dir, 'courses', 'evil', '01.md'), [
    '+++', 'id = "m"', `title = ${t('Module ' + evil)}`, `objectives = [${t(evil)}]`, 'duration_minutes = 5', '+++', '',
    `# Page ${md(evil)}`, '', `Texte ${md(evil)}`, '',
    `${fence}question`, 'id = "q"', 'kind = "single"', `prompt = ${t('Prompt ' + evil)}`, `feedback = ${t('Feedback ' + evil)}`,
    '[[choices]]', 'id = "a"', `text = ${t('Choix A ' + evil)}`, 'correct = true',
    '[[choices]]', 'id = "b"', `text = ${t('Choix B ' + evil)}`, `feedback = ${t('Retour B ' + evil)}`, fence, '',
    `${fence}question`, 'id = "f"', 'kind = "fill-in"', `prompt = ${t(evil)}`, `accept = [${t(scriptBreak)}]`, 'max_length = 100', fence, '',
    `${fence}diagnostic`, 'id = "d"', 'dimension = "dim"', `statement = ${t(evil)}`, fence, '',
    `${fence}reflection`, 'id = "r"', `prompt = ${t(evil)}`, fence, '',
    `${fence}resource`, 'id = "res"', `title = ${t(evil)}`, `description = ${t(evil)}`, 'file = "notes.md"', fence, '',
  ].join('\n'));
  const out = buildWeb(join(dir, 'courses'));
  const server = await site(out);
  const problems = [];
  const page = await tab(problems);
  const safe = async (label) => {
    const r = await page.evaluate(() => ({
      pwned: typeof window.__pwned,
      scripts: [...document.scripts].map((s) => s.getAttribute('src') || s.type),
      imgs: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')),
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    assert.equal(r.pwned, 'undefined', `${label}: no injected script ran`);
    assert.ok(r.scripts.every((s) => s.endsWith('campus.js') || s === 'application/json'), `${label}: only Campus scripts (${r.scripts})`);
    assert.ok(r.scripts.length <= 2, `${label}: no injected script element`);
    assert.deepEqual(r.imgs, [], `${label}: no injected image`);
    assert.equal(r.handlers, 0, `${label}: no event handler attribute`);
  };
  const text = async (sel) => norm(await page.textContent(sel));
  const E = norm(evil);

  await page.goto(`${server.url}/index.html`);
  assert.equal(await text('h1'), `Parcours ${E}`);
  assert.equal(norm(await page.title()), `Parcours ${E}`);
  assert.equal(await text('.lead'), E);
  assert.equal(await text('main h3 a'), `Cours ${E}`);
  assert.ok((await text('footer.site')).includes(E), 'publisher and credits as text');
  await safe('path home');

  await page.goto(`${server.url}/evil/index.html`);
  assert.equal(await text('h1'), `Cours ${E}`);
  assert.equal(await text('main h3 a'), `Module ${E}`);
  assert.ok((await text('.facts')).includes(E), 'authors as text');
  await safe('course home');

  await page.goto(`${server.url}/evil/m.html`);
  assert.equal(await text('h1'), `Module ${E}`);
  assert.ok(norm(await page.title()).startsWith(`Module ${E} · Cours ${E}`));
  assert.equal(await text('.objectives li'), E);
  assert.equal(await text('#p-1 h2'), `Page ${E}`);
  assert.equal(await text('.toc a[data-page="0"]'), `Page ${E}`);
  assert.equal(await text('#p-1 > p'), `Texte ${E}`);
  assert.equal(await text('#b-q legend'), `Question Prompt ${E}`);
  assert.equal(norm(await page.$eval('#b-q-a', (i) => i.closest('label').textContent)), `Choix A ${E}`);
  assert.equal(norm(await page.$eval('#b-q-b', (i) => i.closest('label').textContent)), `Choix B ${E}`);
  assert.equal(await text('#b-d'), E);
  assert.equal(norm(await page.$eval('#b-d-0', (i) => document.getElementById(i.getAttribute('aria-labelledby')).textContent)), `Échelle ${E}`);
  assert.equal(await text('#b-r .prompt'), E);
  assert.equal(await text('#b-res a'), E);
  await page.check('#b-q-b');
  await page.click('#b-q [data-check]');
  assert.equal(await text('#b-q [data-choice-feedback=b]'), `Retour B ${E}`);
  assert.equal(await text('#b-q [data-explain]'), `Feedback ${E}`);
  assert.ok((await text('#b-q [data-verdict]')).includes(`Feedback ${E}`));
  // The accepted answer, which tries to close the data script, survives as data.
  await page.fill('#b-f-input', scriptBreak);
  await page.click('#b-f [data-check]');
  assert.ok((await text('#b-f [data-verdict]')).startsWith(FR.right), 'the accepted answer with </script> is matched');
  await page.check('#b-d-3');
  await page.click('[data-go=next]');
  assert.equal(await text('[data-summary=profile] tbody th'), `Dim ${E}`);
  assert.equal(await text('[data-summary=profile] tbody td:nth-of-type(2)'), `Niveau ${E}`);
  assert.ok((await text('[data-advice="dim:0"]')).includes(E));
  assert.ok((await page.getAttribute('[data-chart] .chart', 'aria-label')).includes(`Dim ${evil}`));
  assert.ok(await page.isVisible('[data-chart] .chart'));
  assert.equal(await text('[data-chart] .chart .name'), `Dim ${E}`, 'the chart names a dimension as text');
  await safe('module page');
  await page.reload();
  await safe('module page, reloaded with the state');

  await page.goto(`${server.url}/summary.html`);
  assert.equal(await text('main li[data-progress] a'), `Module ${E}`);
  await safe('path summary');
  await page.close();
  assert.deepEqual(problems, []);
});

// ---------------------------------------------------------------------------------------------
// 5. Without JavaScript

test('without JavaScript: a module reads as one long page and runtime-only controls are hidden', async () => {
  const { course, out } = demoSite();
  const server = await site(out);
  // A second context of the same Chromium, with JavaScript off.
  const noJs = await ctx.browser().newContext({ javaScriptEnabled: false });
  const problems = [];
  const page = await tab(problems, noJs);
  try {
  for (const mod of course.loaded) {
    await page.goto(`${server.url}/demo/${mod.front.id}.html`);
    const r = await page.evaluate(() => {
      const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
      return {
        sections: [...document.querySelectorAll('section.page')].map((s) => ({ id: s.id, visible: visible(s) })),
        blocks: [...document.querySelectorAll('[data-block], .block')].filter((b) => !visible(b)).map((b) => b.id),
        runtime: [...document.querySelectorAll('.js-only, [data-check], [data-retry], [data-go], [data-move], [data-forget], [data-summary], [data-progress]')]
          .filter(visible).map((e) => e.outerHTML.slice(0, 80)),
        nojs: [...document.querySelectorAll('.nojs-only')].map(visible),
        js: document.documentElement.classList.contains('js'),
      };
    });
    assert.equal(r.js, false);
    assert.equal(r.sections.length, mod.pages + 1);
    assert.deepEqual(r.sections.filter((s) => !s.visible), [], `${mod.front.id}: every section visible`);
    assert.deepEqual(r.blocks, [], `${mod.front.id}: every block visible`);
    assert.deepEqual(r.runtime, [], `${mod.front.id}: runtime-only controls hidden`);
    assert.ok(r.nojs.length && r.nojs.every(Boolean), 'the no-JavaScript note is shown');
    // The sections follow one another down the page.
    const tops = await page.$$eval('section.page', (s) => s.map((x) => x.getBoundingClientRect().top));
    assert.deepEqual([...tops].sort((a, b) => a - b), tops);
  }
  } finally {
    await noJs.close();
  }
  assert.deepEqual(problems, []);
});

test('small screens, print and English: no sideways scrolling at 320 px or at 200 % zoom, every page printed, the interface in the course language', async () => {
  const { course, out } = demoSite();
  const server = await site(out);
  const problems = [];
  const page = await tab(problems);
  try {
    const pages = ['/index.html', '/summary.html', '/demo/index.html', ...course.loaded.map((m) => `/demo/${m.front.id}.html`)];
    // 320 CSS px wide (a small phone), and a 1280 px window zoomed to 200 % (640 CSS px).
    for (const width of [320, 640]) {
      await page.setViewportSize({ width, height: 720 });
      for (const path of pages) {
        await page.goto(server.url + path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${path} at ${width} px scrolls sideways by ${overflow} px`);
      }
    }
    // Print: every section of a module, no navigation or buttons.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/demo/${course.loaded[0].front.id}.html`);
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const shown = (e) => e.getClientRects().length > 0;
      return {
        sections: [...document.querySelectorAll('section.page')].filter((s) => !s.classList.contains('summary')).map(shown),
        controls: [...document.querySelectorAll('.pager, .toc, [data-check], .skip')].filter(shown).length,
      };
    });
    assert.ok(printed.sections.length > 1 && printed.sections.every(Boolean), 'every page of the module is printed');
    assert.equal(printed.controls, 0, 'navigation and buttons are not printed');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000, 'the module prints to an A4 PDF');
    await page.emulateMedia({ media: 'screen' });
  } finally {
    await page.close();
  }
  // A course in English gets the English interface.
  const dir = mkdtempSync(join(tmpdir(), 'campus-en-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync(campusBin, ['new', join(dir, 'courses', 'demo'), '--quiet']);
  const toml = join(dir, 'courses', 'demo', 'course.toml');
  writeFileSync(toml, readFileSync(toml, 'utf8').replace('version = ', 'language = "en"\nversion = '));
  writeFileSync(join(dir, 'courses', 'path.toml'), [
    'id = "en-path"', 'title = "An English path"', 'publisher = "Test team"', 'language = "en"',
    'base_iri = "https://example.org/activities"', 'courses = ["demo"]', ''].join('\n'));
  const english = await site(buildWeb(join(dir, 'courses')));
  const en = await tab(problems);
  await en.goto(`${english.url}/demo/${course.loaded[0].front.id}.html`);
  assert.equal(await en.getAttribute('html', 'lang'), 'en');
  assert.equal(norm(await en.textContent('[data-go=next]')), 'Next page');
  assert.equal(norm(await en.textContent('[data-progress]')), `Page 1 of ${course.loaded[0].pages}`);
  await en.close();
  assert.deepEqual(problems, []);
});

// ---------------------------------------------------------------------------------------------
// The learner's page: identity, the path's progress page, the summary's words

test("identity: every page of the web edition shows the path's short name, logo (inlined, named) and accent colour", async () => {
  const { course, out } = demoSite();
  const server = await site(out);
  const problems = [];
  const page = await tab(problems);
  const paths = ['/index.html', '/summary.html', '/demo/index.html', ...course.loaded.map((m) => `/demo/${m.front.id}.html`)];
  for (const path of paths) {
    await page.goto(server.url + path);
    const brand = await page.evaluate(() => {
      const b = document.querySelector('header .brand');
      const svg = b?.querySelector('svg');
      return b && { name: [...b.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''), role: svg?.getAttribute('role'), label: svg?.getAttribute('aria-label'),
        colour: getComputedStyle(b).color, accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
        button: getComputedStyle(document.querySelector('[data-go=next]') || b).backgroundColor };
    });
    assert.ok(brand, `${path}: the brand is in the page's header`);
    assert.deepEqual([brand.name, brand.role, brand.label, brand.accent], [IDENTITY.name, 'img', IDENTITY.alt, IDENTITY.accent], `${path}: short name, logo and accent`);
    assert.equal(brand.colour, 'rgb(138, 59, 18)', `${path}: the short name in the accent colour`);
    if (path.includes('/demo/') && !path.endsWith('index.html')) assert.equal(brand.button, 'rgb(138, 59, 18)', `${path}: the main button in the accent colour`);
  }
  assert.ok(!server.requests.some((r) => r.endsWith('.svg') && r.includes('logo')), 'the logo costs no request');
  await page.close();
  assert.deepEqual(problems, []);
});

test("the path's progress page: status colours and words, the overall figure, readable at 1280 and 390 px without sideways scrolling, axe clean", async () => {
  const { course, out } = demoSite();
  const server = await site(out);
  const problems = [];
  const page = await tab(problems);
  await page.goto(`${server.url}/summary.html`);
  // Progress as the standalone adapter keeps it: the first module done, the evaluation failed.
  const [first, evaluation] = course.loaded.map((m) => `demo/${m.front.id}`);
  assert.ok(course.loaded[1].front.assessed);
  await page.evaluate(([a, b]) => {
    localStorage.setItem(`campus:demo-path:progress:${a}`, JSON.stringify({ location: 0, progress: 1, completed: true, scaled: null, passed: null }));
    localStorage.setItem(`campus:demo-path:progress:${b}`, JSON.stringify({ location: 0, progress: 0.5, completed: false, scaled: 0.25, passed: false }));
  }, [first, evaluation]);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${server.url}/summary.html`);
    const view = await page.evaluate(() => {
      const one = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, height: r.height, line: parseFloat(getComputedStyle(e).lineHeight) || 24 }; };
      return {
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        width: document.documentElement.clientWidth,
        overall: document.querySelector('.overall').textContent,
        rows: [...document.querySelectorAll('li[data-progress]')].map((li) => {
          const status = li.querySelector('[data-cell=status]'), score = li.querySelector('[data-cell=score]');
          return { key: li.getAttribute('data-progress'), status: status.textContent, state: status.getAttribute('data-state'),
            background: getComputedStyle(status).backgroundColor, statusBox: one(status), score: score.textContent, scoreBox: one(score) };
        }),
      };
    });
    assert.ok(view.overflow <= 0, `${width} px: no sideways scrolling (${view.overflow} px)`);
    assert.equal(norm(view.overall), 'Modules terminés : 1 sur 2. Évaluations réussies : 0 sur 1.', `${width} px: the overall figure`);
    const [a, b] = view.rows;
    assert.deepEqual([a.status, a.state, b.status, b.state], [FR.done, 'done', 'En cours', 'doing'], `${width} px: the status in words`);
    assert.notEqual(a.background, b.background, `${width} px: and in colours`);
    assert.equal(norm(b.score), `25 % · ${FR.failed}`);
    for (const r of view.rows) {
      assert.ok(r.statusBox.height < 1.5 * r.statusBox.line, `${width} px: "${r.status}" on one line`);
      assert.ok(r.scoreBox.left >= 0 && r.scoreBox.right <= view.width, `${width} px: the score of ${r.key} is in view (${r.scoreBox.left}–${r.scoreBox.right})`);
    }
    const axe = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).options({ resultTypes: ['violations'] }).analyze();
    assert.equal(formatViolations(`progress page at ${width} px`, axe.violations), '', 'axe clean');
    await page.screenshot({ path: join(tmpdir(), `campus-progress-${width}.png`), fullPage: true }); // looked at, not asserted
  }
  await page.close();
  assert.deepEqual(problems, []);
});

test("a module's summary: how many practice questions were answered, and how to try a failed assessment again", async () => {
  const { course, out } = demoSite();
  const server = await site(out);
  const problems = [];
  const page = await tab(problems);
  const [practice, evaluation] = course.loaded;
  const questions = (m) => m.blocks.filter((b) => b.block === 'question');
  // A page of a module by its anchor (loaded afresh: the player reads the anchor when it starts).
  const open = async (m, anchor) => { await page.goto(`${server.url}/demo/${m.front.id}.html#${anchor}`); await page.reload(); };
  // Straight to the summary, nothing answered.
  await open(practice, 'summary');
  assert.equal(norm(await page.textContent('[data-summary=practice]')),
    `Questions d'entraînement (non notées) répondues : 0 sur ${questions(practice).length}.`, 'no right-answer count for questions never answered');
  // One answered, wrong.
  const q = questions(practice)[0];
  const pageOf = await page.$eval(`#b-${q.id}`, (b) => b.closest('section').id);
  await open(practice, pageOf);
  await give(page, q, wrongAnswer(q));
  await page.click(`#b-${q.id} [data-check]`);
  await open(practice, 'summary');
  assert.equal(norm(await page.textContent('[data-summary=practice]')),
    `Questions d'entraînement (non notées) répondues : 1 sur ${questions(practice).length}. Bonnes réponses : 0 sur 1.`);
  // The evaluation, every question wrong: failed, and told how to try again.
  await page.goto(`${server.url}/demo/${evaluation.front.id}.html`);
  for (let p = 0; p < evaluation.pages; p++) {
    for (const b of questions(evaluation).filter((x) => x.page === p)) {
      await give(page, b, wrongAnswer(b));
      await page.click(`#b-${b.id} [data-check]`);
    }
    await page.click('[data-go=next]');
  }
  assert.match(norm(await page.textContent('[data-summary=score]')), new RegExp(`${FR.failed}$`));
  assert.ok(await page.isVisible('[data-summary=again]'), 'how to try again is shown');
  assert.match(norm(await page.textContent('[data-summary=again]')), /effacez votre progression/);
  await page.close();
  assert.deepEqual(problems, []);
});

test('printable canvases open ready to print: linked with #print in a new tab, the print dialog once, a button hidden on paper, the same page without JavaScript, axe clean', async () => {
  const { out } = demoSite();
  const server = await site(out);
  const canvases = await serve(join(root, 'courses')); // the Reset canvases as they are in the sources
  cleanup.push(() => canvases.close());
  // A context of its own where print() is counted instead of opening the dialog.
  const printing = await ctx.browser().newContext();
  await printing.addInitScript(() => { window.prints = 0; window.print = () => { window.prints += 1; }; });
  const noJs = await ctx.browser().newContext({ javaScriptEnabled: false });
  const problems = [];
  const axeClean = async (p, label) => {
    const r = await new AxeBuilder({ page: p }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .options({ resultTypes: ['violations'] }).analyze();
    assert.equal(formatViolations(label, r.violations), '', `${label}: axe clean`);
  };
  const button = (p) => p.evaluate(() => {
    const b = document.querySelector('.imprimer button');
    return b && { name: b.textContent, shown: b.getClientRects().length > 0, afterTitle: b.parentElement.previousElementSibling?.tagName };
  });
  try {
    const page = await tab(problems, printing);
    await page.goto(`${server.url}/demo/decouvrir.html`);
    const section = await page.$eval('#b-canevas-imprimable', (b) => b.closest('section').id);
    await page.goto(`${server.url}/demo/decouvrir.html#${section}`);
    await page.reload();
    const link = page.locator('#b-canevas-imprimable a');
    assert.equal(await link.getAttribute('href'), 'ressources/canevas.html#print');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('download'), null, 'a page to print is opened, not downloaded');
    assert.equal(norm(await page.textContent('#b-canevas-imprimable .label')), 'Version à imprimer');
    assert.match(norm(await page.textContent('#b-canevas-imprimable .meta')), /^\(Page à imprimer, .+, s'ouvre dans un nouvel onglet\)$/);
    assert.equal(await page.getAttribute('#b-canevas a', 'download'), '', 'other resources are still downloaded');
    const module = page.url();
    const [canvas] = await Promise.all([printing.waitForEvent('page'), link.click()]);
    watch(canvas, problems);
    await canvas.waitForLoadState('load');
    await canvas.waitForFunction(() => window.prints === 1);
    assert.equal(page.url(), module, 'the module stays where it was');
    assert.match(canvas.url(), /\/demo\/ressources\/canevas\.html$/, 'the marker is dropped once used: a reload does not print again');
    assert.deepEqual(await button(canvas), { name: 'Imprimer ce canevas', shown: true, afterTitle: 'H1' });
    await axeClean(canvas, 'scaffold canvas');
    await canvas.click('.imprimer button');
    assert.equal(await canvas.evaluate(() => window.prints), 2, 'the button prints');
    await canvas.emulateMedia({ media: 'print' });
    assert.equal((await button(canvas)).shown, false, 'the button is not printed');
    await canvas.reload();
    assert.equal(await canvas.evaluate(() => window.prints), 0, 'opened without the marker: no dialog');
    await canvas.close();

    // Every Reset canvas: the dialog once with the marker, the button, axe clean, and readable
    // without JavaScript (no button, every table shown).
    const files = readdirSync(join(root, 'courses'), { withFileTypes: true }).filter((d) => d.isDirectory())
      .flatMap((d) => { try { return readdirSync(join(root, 'courses', d.name, 'canevas')).map((f) => `${d.name}/canevas/${f}`); } catch { return []; } })
      .filter((f) => f.endsWith('.html'));
    assert.ok(files.length >= 8, `Reset canvases: ${files.join(', ')}`);
    const reader = await tab(problems, noJs);
    for (const f of files) {
      await page.goto(`${canvases.url}/${f}#print`);
      await page.waitForFunction(() => window.prints === 1);
      assert.equal((await button(page))?.shown, true, `${f}: the print button`);
      await axeClean(page, f);
      await reader.goto(`${canvases.url}/${f}#print`);
      const r = await reader.evaluate(() => ({
        button: !!document.querySelector('button'),
        title: document.querySelector('h1')?.textContent,
        hidden: [...document.querySelectorAll('table, h2, footer')].filter((e) => e.getClientRects().length === 0).length,
      }));
      assert.equal(r.button, false, `${f}: no dead button without JavaScript`);
      assert.ok(r.title, `${f}: its title`);
      assert.equal(r.hidden, 0, `${f}: everything shown without JavaScript`);
    }
  } finally {
    await printing.close();
    await noJs.close();
  }
  assert.deepEqual(problems, []);
});
