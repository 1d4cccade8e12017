// A proxy in front of the test LRS that misbehaves on schedule: faults are given by request count
// (never by time), so that a run does not depend on the machine's load.
//
//   import { startFaultProxy } from './lrs/fault-proxy.mjs';
//   const proxy = await startFaultProxy(lrs.url, (n) => n <= 3 ? { status: 503 } : null);
//   // proxy.url: the same endpoint through the proxy; proxy.requests: [{n, method, url, fault}]
//
// A fault is one of:
//   {status: 503 | 429 | 500, retryAfter?: seconds}  answered at once, the LRS not asked
//   {reset: true}              the connection destroyed before any answer
//   {cut: true}                the LRS's answer started (status, headers, part of the body), then destroyed
//   {delayMs: N}               the request forwarded after N ms (a slow answer)
//   {before: fn}               fn(n) called, then forwarded (e.g. to kill the client midway)
// It also serves as an HTTP proxy: requests naming the whole URL are forwarded to `target`'s host,
// CONNECT tunnels are opened to loopback addresses (and listed in `requests`).
// Bounded: it serves only loopback and stops with `stop()`.
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** Starts the proxy in front of `target` (the LRS's xAPI endpoint, ending with '/'); `schedule(n,
 *  req)` gives the fault of the n-th request (from 1), or null. Resolves to {url, requests, stop}. */
export function startFaultProxy(target, schedule = () => null) {
  const upstream = new URL(target);
  const requests = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    const n = requests.length + 1;
    const fault = schedule(n, req) || null;
    requests.push({ n, method: req.method, url: req.url, fault: fault && Object.keys(fault)[0] });
    const forward = () => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const headers = { ...req.headers, host: upstream.host };
        // Asked as an HTTP proxy, the request names the whole URL: forwarded by its path.
        const asked = new URL(req.url, 'http://proxy.invalid');
        const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: asked.pathname + asked.search, headers }, (answer) => {
          if (fault?.cut) {
            const headers = { ...answer.headers };
            delete headers['content-length'];
            res.writeHead(answer.statusCode, headers);
            answer.once('data', (c) => { res.write(c.subarray(0, Math.max(1, c.length >> 1))); setTimeout(() => req.socket.destroy(), 20); });
            return;
          }
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        });
        out.on('error', () => { res.writeHead(502); res.end(); });
        out.end(Buffer.concat(chunks));
      });
    };
    if (!fault) return forward();
    if (fault.reset) return req.socket.destroy();
    if (fault.status) {
      const headers = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      res.writeHead(fault.status, headers);
      return res.end(JSON.stringify({ message: 'fault injected' }));
    }
    if (fault.before) fault.before(n);
    if (fault.delayMs) return setTimeout(forward, fault.delayMs);
    return forward();
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  // As an HTTP proxy: CONNECT tunnels, to loopback addresses only.
  server.on('connect', (req, client, head) => {
    requests.push({ n: requests.length + 1, method: 'CONNECT', url: req.url, fault: null });
    const [host, port] = req.url.split(':');
    if (!/^127\.|^localhost$/.test(host)) { client.end('HTTP/1.1 403 Forbidden\r\n\r\n'); return; }
    const up = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const url = `http://127.0.0.1:${server.address().port}${upstream.pathname}`;
    const stop = () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); });
    resolve({ url, requests, stop });
  }));
}
