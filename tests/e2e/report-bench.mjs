// The ingestion benchmark of `campus report` (not a timed test): statements per second from a file
// of simulated statements into the database, and from the test LRS.
//
//   cargo build --release
//   node tests/e2e/report-bench.mjs                      # 1,000,000 statements from a JSON Lines file
//   node tests/e2e/report-bench.mjs --statements 200000 --runs 3
//   node tests/e2e/report-bench.mjs --lrs 100000         # 100,000 statements pulled from the test LRS
//
// Options: --bin PATH (default target/release/campus), --file PATH (kept between runs; made by
// report-sim.mjs when missing), --page-size N (LRS). Prints wall time, processor time (user +
// system), statements read, the rate and the peak memory (from /usr/bin/time). A run reads the
// file and writes the report; for a file, a second run writes the report again from the same
// database, and the ingestion is the difference of the two.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn, execFileSync } from 'node:child_process';
import { root } from './lib.mjs';
import { writeJsonLines, simulate } from './report-sim.mjs';
import { startLrs } from './lrs/start.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const bin = opt('bin', join(root, 'target', 'release', 'campus'));
const runs = Number(opt('runs', 1));
const lrsCount = opt('lrs', null);

/** Runs campus under /usr/bin/time; resolves to {seconds, rssKiB, cpu (user + system), stderr}. */
function timed(campusArgs, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %M %U %S', bin, 'report', join(root, 'courses'), '--quiet', ...campusArgs], { env: { ...process.env, CAMPUS_REPORT_SECRET: 'bench', ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', () => {
      const m = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (!m) return reject(new Error(stderr));
      const errors = stderr.split('\n').filter((l) => /^error:/.test(l));
      if (errors.length) console.log(`campus said: ${errors.join(' / ')}`);
      resolve({ seconds: Number(m[1]), rssKiB: Number(m[2]), cpu: Number(m[3]) + Number(m[4]), stderr });
    });
  });
}

const readCount = (db) => Number(execFileSync('sqlite3', [db, "SELECT coalesce(sum(n), 0) FROM tally WHERE what = 'read'"], { encoding: 'utf8' }).trim());
const factCount = (db) => Number(execFileSync('sqlite3', [db, 'SELECT count(*) FROM facts'], { encoding: 'utf8' }).trim());

function report(what, n, { seconds, rssKiB, cpu }, kept) {
  console.log(`${what}: ${n} statements read (${kept} facts) in ${seconds.toFixed(2)} s (${cpu.toFixed(2)} s CPU) = ${Math.round(n / seconds).toLocaleString('en')} statements/s, peak RSS ${(rssKiB / 1024).toFixed(1)} MiB`);
}

if (!existsSync(bin)) {
  console.error(`no ${bin}: build it first (cargo build --release), or give --bin`);
  process.exit(2);
}

if (lrsCount) {
  const n = Number(lrsCount);
  const lrs = await startLrs({ timeoutMs: 60_000 });
  try {
    const { statements } = simulate({ learners: Math.ceil(n / 40), seed: 99, limit: n });
    let batch = [], posted = 0;
    const send = async () => {
      const r = await fetch(lrs.url + 'statements', { method: 'POST', body: JSON.stringify(batch), headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth, 'Content-Type': 'application/json' } });
      if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
      posted += batch.length;
      batch = [];
    };
    for (const s of statements) { batch.push(s); if (batch.length === 1000) await send(); }
    if (batch.length) await send();
    console.log(`seeded the test LRS with ${posted} statements`);
    const [user, password] = Buffer.from(lrs.auth.replace(/^Basic /, ''), 'base64').toString().split(':');
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'campus-bench-'));
      const db = join(dir, 'report.db');
      const t = await timed(['--lrs', lrs.url, '--db', db, '--out', dir, '--page-size', opt('page-size', '500')], { CAMPUS_LRS_USER: user, CAMPUS_LRS_PASSWORD: password });
      report(`pull from the test LRS, pages of ${opt('page-size', '500')}`, readCount(db), t, factCount(db));
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await lrs.stop();
  }
} else {
  const n = Number(opt('statements', 1_000_000));
  const file = opt('file', join(tmpdir(), `campus-bench-${n}.jsonl`));
  if (!existsSync(file)) {
    console.log(`writing ${n} simulated statements to ${file}…`);
    await writeJsonLines(file, { learners: Math.ceil(n / 40), seed: 7, limit: n });
  }
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'campus-bench-'));
    const db = join(dir, 'report.db');
    const t = await timed(['--statements', file, '--db', db, '--out', dir]);
    const n = readCount(db);
    report(`${file} into the database, then the report`, n, t, factCount(db));
    const r = await timed(['--db', db, '--out', join(dir, 'again')]);
    console.log(`  the report alone from the database: ${r.seconds.toFixed(2)} s (${r.cpu.toFixed(2)} s CPU), peak RSS ${(r.rssKiB / 1024).toFixed(1)} MiB`);
    const ingest = t.seconds - r.seconds, ingestCpu = t.cpu - r.cpu;
    console.log(`  ingestion (the difference): ${ingest.toFixed(2)} s = ${Math.round(n / ingest).toLocaleString('en')} statements/s; ${ingestCpu.toFixed(2)} s CPU = ${Math.round(n / ingestCpu).toLocaleString('en')} statements per CPU second`);
    rmSync(dir, { recursive: true, force: true });
  }
}
