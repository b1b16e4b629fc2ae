// A small HTTP proxy for the benchmarks: one port in front of several API instances, each request
// sent to the next instance in turn over keep-alive connections, as a load balancer would. Its own
// process, so that its CPU time is apart from the instances'. Prints its URL when listening.
//   node bench/proxy.mjs http://127.0.0.1:1111 http://127.0.0.1:2222
import http from 'node:http';

const upstreams = process.argv.slice(2).map((u) => new URL(u));
if (upstreams.length === 0) throw new Error('usage: node bench/proxy.mjs URL [URL…]');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

const server = http.createServer((req, res) => {
  const upstream = upstreams[next];
  next = (next + 1) % upstreams.length;
  const forward = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
      agent,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('upstream failed');
  });
  req.pipe(forward);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
