// A learner at work, shared by the browser suites: the right and a wrong answer to each question
// kind, computed from the SOURCES (a question as lib.mjs's readCourse() gives it), and the DOM
// actions that give an answer and read back the one shown. `page` is a Playwright Page or Frame
// (a SCO in an LMS's iframe). Same names and shapes as the helpers of web.test.mjs, which can
// import them from here.
import assert from 'node:assert/strict';

/** The right answer: {ids} for choices and true-false ('t'/'f'), {text}, {pairs: left -> right}
 *  or {order}. */
export function rightAnswer(q) {
  switch (q.kind) {
    case 'single': return { ids: [q.choices.find((c) => c.correct).id] };
    case 'multiple': return { ids: q.choices.filter((c) => c.correct).map((c) => c.id) };
    case 'true-false': return { ids: [q.answer ? 't' : 'f'] };
    case 'fill-in': return { text: q.accept[0] };
    case 'numeric': return { text: String(q.answer ?? q.min) };
    case 'matching': return { pairs: Object.fromEntries(q.pairs.map((p) => [p.id, p.id])) };
    case 'ordering': return { order: q.items.map((i) => i.id) };
  }
  throw new Error(`unknown question kind ${q.kind}`);
}

/** A wrong answer, in the same shape. */
export function wrongAnswer(q) {
  switch (q.kind) {
    case 'single': case 'multiple': {
      const wrong = q.choices.filter((c) => !c.correct);
      assert.ok(wrong.length, `${q.id} has no wrong choice`);
      return { ids: [(wrong.find((c) => c.feedback) || wrong[0]).id] };
    }
    case 'true-false': return { ids: [q.answer ? 'f' : 't'] };
    case 'fill-in': return { text: 'zz-pas-ça' };
    case 'numeric': return { text: String((q.answer ?? q.max) + 1000) };
    case 'matching': return { pairs: Object.fromEntries(q.pairs.map((p, i) => [p.id, q.pairs[(i + 1) % q.pairs.length].id])) };
    case 'ordering': return { order: q.items.map((i) => i.id).reverse() };
  }
  throw new Error(`unknown question kind ${q.kind}`);
}

/** Whether an answer is right, judged from the sources (not by the runtime under test). */
export function isRight(q, a) {
  const norm = (s) => (q.case_sensitive ? s : s.toLowerCase()).trim().replace(/\s+/g, ' ');
  switch (q.kind) {
    case 'single': case 'multiple': case 'true-false':
      return JSON.stringify([...a.ids].sort()) === JSON.stringify([...rightAnswer(q).ids].sort());
    case 'fill-in': return q.accept.some((x) => norm(x) === norm(a.text));
    case 'numeric': {
      const n = Number(a.text.replace(/\s/g, '').replace(',', '.'));
      return n >= (q.answer ?? q.min) && n <= (q.answer ?? q.max);
    }
    case 'matching': return Object.entries(a.pairs).every(([l, r]) => l === r);
    case 'ordering': return a.order.join(',') === q.items.map((i) => i.id).join(',');
  }
  throw new Error(`unknown question kind ${q.kind}`);
}

export const currentOrder = (page, sel) => page.$$eval(`${sel} [data-item]`, (lis) => lis.map((li) => li.getAttribute('data-item')));

/** Gives an answer with the pointer (clicks, typing, selects, the ordering buttons). */
export async function give(page, q, a) {
  const b = `#b-${q.id}`;
  switch (q.kind) {
    case 'single': case 'true-false': await page.check(`${b}-${a.ids[0]}`); break;
    case 'multiple': for (const c of q.choices) await page.setChecked(`${b}-${c.id}`, a.ids.includes(c.id)); break;
    case 'fill-in': case 'numeric': await page.fill(`${b}-input`, a.text); break;
    case 'matching': for (const [left, right] of Object.entries(a.pairs)) await page.selectOption(`${b} select[data-left="${left}"]`, right); break;
    case 'ordering':
      for (let i = 0; i < a.order.length; i++) {
        const j = (await currentOrder(page, b)).indexOf(a.order[i]);
        for (let k = j; k > i; k--) await page.click(`${b} [data-item="${a.order[i]}"] [data-move="-1"]`);
      }
      assert.deepEqual(await currentOrder(page, b), a.order, `${q.id}: ordering arranged`);
      break;
  }
}

/** The answer the page shows for a question, in the same shape as rightAnswer(). */
export function shown(page, q) {
  return page.evaluate(([sel, kind]) => {
    const block = document.querySelector(sel);
    if (kind === 'single' || kind === 'multiple' || kind === 'true-false') {
      return { ids: [...block.querySelectorAll('input:checked')].map((i) => i.value).sort() };
    }
    if (kind === 'fill-in' || kind === 'numeric') return { text: block.querySelector('input[type=text]').value };
    if (kind === 'matching') return { pairs: Object.fromEntries([...block.querySelectorAll('select')].map((s) => [s.getAttribute('data-left'), s.value])) };
    return { order: [...block.querySelectorAll('[data-item]')].map((li) => li.getAttribute('data-item')) };
  }, [`#b-${q.id}`, q.kind]);
}

export const sorted = (a) => (a.ids ? { ids: [...a.ids].sort() } : a);

/** The same learner actions in one round trip, for suites that answer hundreds of questions:
 *  clicks on the real controls (element.click()), typing as a value change with its input and
 *  change events, the ordering buttons pressed one by one. Each handler of the player runs as it
 *  would for the pointer. With `check`, presses Check; returns the verdict's class. */
export function answerInPage(page, q, a, { check = true } = {}) {
  return page.evaluate(([id, kind, a, check]) => {
    const b = document.getElementById(`b-${id}`);
    const type = (el, value) => {
      el.focus();
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    };
    switch (kind) {
      case 'single': case 'true-false': document.getElementById(`b-${id}-${a.ids[0]}`).click(); break;
      case 'multiple':
        for (const i of b.querySelectorAll('input[type=checkbox]')) if (i.checked !== a.ids.includes(i.value)) i.click();
        break;
      case 'fill-in': case 'numeric': type(b.querySelector('input[type=text]'), a.text); break;
      case 'matching': for (const [left, right] of Object.entries(a.pairs)) type(b.querySelector(`select[data-left="${left}"]`), right); break;
      case 'ordering': {
        const order = () => [...b.querySelectorAll('[data-item]')].map((li) => li.getAttribute('data-item'));
        for (let i = 0; i < a.order.length; i++) {
          for (let j = order().indexOf(a.order[i]); j > i; j--) b.querySelector(`[data-item="${a.order[i]}"] [data-move="-1"]`).click();
        }
        if (order().join() !== a.order.join()) throw new Error(`${id}: ordering not arranged`);
        break;
      }
      default: throw new Error(`unknown question kind ${kind}`);
    }
    if (check) b.querySelector('[data-check]').click();
    return b.querySelector('[data-verdict]').className;
  }, [q.id, q.kind, a, check]);
}
