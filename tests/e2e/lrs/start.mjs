// A real LRS for the e2e suite: Learning Locker's statement service (npm xapi-statements 5.0.1)
// with in-memory storage, in a child process of its own, bound to 127.0.0.1 on a free port, with
// Basic auth checked here (its AUTH_REPO=test accepts any credentials). Its data lives in memory:
// start it once per test file and never restart it in the middle of a test.
//
//   import { startLrs } from './lrs/start.mjs';
//   const lrs = await startLrs();   // {url: 'http://127.0.0.1:PORT/xAPI/', auth: 'Basic …', stop()}
//
// By hand: `node tests/e2e/lrs/start.mjs` prints the endpoint and the credentials.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** Starts the LRS; resolves to {url, auth, stop}. `url` is the xAPI endpoint (ends with '/'). */
export function startLrs({ timeoutMs = 20_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'campus-lrs-'));
  const auth = 'Basic ' + Buffer.from(`campus-lms:${randomBytes(12).toString('hex')}`).toString('base64');
  const child = fork(here, ['--child'], {
    // Its log (each refused request is logged as an error) is kept, and shown only if it dies.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: {
      ...process.env,
      EXPRESS_PORT: '0', MODELS_REPO: 'memory', STORAGE_REPO: 'local', AUTH_REPO: 'test', EVENTS_REPO: 'test',
      FS_LOCAL_STORAGE_DIR: join(dir, 'storage'), EXPRESS_MORGAN_DIRECTORY: join(dir, 'logs'),
      WINSTON_CONSOLE_LEVEL: 'error', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', CAMPUS_LRS_AUTH: auth,
      // Its defaults name servers this machine does not run: make sure nothing reaches for them.
      REDIS_URL: 'redis://127.0.0.1:1/0', MONGO_URL: 'mongodb://127.0.0.1:1/none', LL_CLIENT_INFO_ENDPOINT: 'http://127.0.0.1:1/auth',
    },
  });
  let log = '';
  child.stderr.on('data', (d) => { log = (log + d).slice(-20_000); });
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`the LRS stopped by itself (${code ?? signal}); its last log:\n${log}\n`);
  });
  const stop = () => new Promise((resolve) => {
    stopping = true;
    const done = () => { rmSync(dir, { recursive: true, force: true }); resolve(); };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error('the LRS did not start in time')); }, timeoutMs);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the LRS exited with code ${code}`)); });
    child.on('message', (m) => {
      if (!m || typeof m.port !== 'number') return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${m.port}/xAPI/`, auth, stop, pid: child.pid });
    });
  });
}

/** In the child: bind every server to 127.0.0.1, answer 401 without the right Basic credentials,
 *  then load the service (it calls app.listen itself). */
function serveChild() {
  const require = createRequire(import.meta.url);
  const http = require('node:http');
  const expected = process.env.CAMPUS_LRS_AUTH;
  const createServer = http.createServer;
  http.createServer = function (...args) {
    const handler = args.find((a) => typeof a === 'function');
    const checked = (req, res) => {
      // CORS preflights carry no credentials; the service answers them itself.
      if (req.method !== 'OPTIONS' && req.headers.authorization !== expected) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="LRS"' });
        res.end(JSON.stringify({ message: 'Unauthorised' }));
        return;
      }
      handler(req, res);
    };
    return createServer.call(this, ...args.filter((a) => a !== handler), checked);
  };
  const listen = http.Server.prototype.listen;
  http.Server.prototype.listen = function (port, ...rest) {
    const callback = rest.find((a) => typeof a === 'function');
    return listen.call(this, 0, '127.0.0.1', () => {
      process.send({ port: this.address().port });
      callback?.();
    });
  };
  require('xapi-statements/dist/server');
}

if (process.argv[1] === here) {
  if (process.argv.includes('--child')) {
    serveChild();
  } else {
    const lrs = await startLrs();
    console.log(`xAPI endpoint: ${lrs.url}\nAuthorization: ${lrs.auth}\n(Ctrl-C to stop)`);
    process.on('SIGINT', () => lrs.stop().then(() => process.exit(0)));
  }
}
