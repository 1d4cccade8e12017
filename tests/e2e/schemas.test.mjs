// Validates every source file of the Reset path (and of a freshly scaffolded course) against the
// committed JSON Schemas in schemas/, with Ajv: a validator independent of the Rust code that
// generated the schemas and of the Rust loader that reads the sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseToml } from 'smol-toml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const kinds = ['path', 'course', 'module', 'question', 'diagnostic', 'reflection', 'resource', 'media'];
const blockSchema = { question: 'question', diagnostic: 'diagnostic', reflection: 'reflection', resource: 'resource', video: 'media', audio: 'media' };

// Formats such as "uint32" are schemars annotations, not JSON Schema formats to check.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const validators = Object.fromEntries(kinds.map((kind) => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', `${kind}.schema.json`), 'utf8'));
  return [kind, ajv.compile(schema)];
}));

const stripBom = (text) => text.replace(/^\uFEFF/, '');

/** The TOML pieces of a module file: its front matter and each learning block. */
export function modulePieces(text) {
  const lines = stripBom(text).split(/\r?\n/);
  const pieces = [];
  assert.equal(lines[0].trim(), '+++', 'a module starts with +++');
  const close = lines.indexOf('+++', 1);
  assert.ok(close > 0, 'the front matter is closed');
  pieces.push({ kind: 'module', line: 2, toml: lines.slice(1, close).join('\n') });
  let open = null;
  for (let i = close + 1; i < lines.length; i++) {
    const line = lines[i];
    if (open === null) {
      const m = /^(`{3,}|~{3,})\s*([\w-]+)?/.exec(line);
      if (m) open = { fence: m[1], kind: m[2], start: i + 1, body: [] };
    } else if (line.trim().startsWith(open.fence[0].repeat(open.fence.length)) && line.trim().replace(/[`~]/g, '') === '') {
      if (blockSchema[open.kind]) pieces.push({ kind: blockSchema[open.kind], line: open.start + 1, toml: open.body.join('\n') });
      open = null;
    } else {
      open.body.push(line);
    }
  }
  return pieces;
}

function check(kind, toml, where) {
  const data = parseToml(toml);
  const ok = validators[kind](data);
  assert.ok(ok, `${where} does not match ${kind}.schema.json: ${ajv.errorsText(validators[kind].errors)}`);
}

function checkCourse(dir) {
  const courseToml = readFileSync(join(dir, 'course.toml'), 'utf8');
  check('course', stripBom(courseToml), join(dir, 'course.toml'));
  let count = 1;
  for (const module of parseToml(stripBom(courseToml)).modules) {
    const file = join(dir, module);
    for (const piece of modulePieces(readFileSync(file, 'utf8'))) {
      check(piece.kind, piece.toml, `${file}:${piece.line}`);
      count++;
    }
  }
  return count;
}

test('every source of the Reset path matches its schema', () => {
  const courses = join(root, 'courses');
  const pathToml = readFileSync(join(courses, 'path.toml'), 'utf8');
  check('path', pathToml, 'courses/path.toml');
  let checked = 1;
  for (const course of parseToml(pathToml).courses) {
    checked += checkCourse(join(courses, course));
  }
  assert.ok(checked > 1, 'some sources were checked');
});

test('a scaffolded course matches the schemas', { skip: !process.env.CAMPUS_BIN && 'CAMPUS_BIN not set' }, () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'campus-schema-')), 'demo');
  execFileSync(process.env.CAMPUS_BIN, ['new', dir, '--quiet']);
  assert.ok(existsSync(join(dir, 'course.toml')));
  const checked = checkCourse(dir);
  // front matter + at least one block of each kind
  assert.ok(checked >= 1 + 2 + 10, `only ${checked} pieces checked`);
});

test('the schemas reject what the tool rejects', () => {
  assert.equal(validators.course({ id: 'c', titel: 'typo' }), false);
  assert.equal(validators.question({ id: 'q', kind: 'singel', prompt: '?' }), false);
  assert.equal(validators.module({ id: 'm', title: 'M', objectives: [], duration_minutes: 'ten' }), false);
  assert.equal(validators.course({ ...parseToml(readFileSync(join(root, 'courses', 'comprendre', 'course.toml'), 'utf8')), mastery_score: 120 }), false);
  assert.ok(readdirSync(join(root, 'schemas')).length >= kinds.length);
});
