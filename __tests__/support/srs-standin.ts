/**
 * A stand-in for SRS's HTTP API, for the end-to-end proxy tests. It runs as its own process inside
 * the test's "srs" network namespace (transpiled to plain JS, Node built-ins only), listens where
 * the kit's srs.conf puts SRS's API, and answers like SRS 5/6 does on that port:
 *
 * - the same handler chain: CORS (OPTIONS answered before auth when `crossdomain on`), then
 *   native Basic auth, then the mux;
 * - native auth exactly as SrsHttpAuthMux::do_auth: only paths containing `/api/` are checked; an
 *   absent header gets 401 with `WWW-Authenticate: Basic` (no realm); a header that does not
 *   contain `Basic `, an empty token, bad base64 or a token that does not split on `:` into exactly
 *   two parts gets 401 without that header; wrong user or password gets 401 with it;
 * - the mux as SrsHttpServeMux: a URL containing `..` anywhere is refused by closing the
 *   connection; otherwise the longest registered pattern wins, patterns ending in `/` match as
 *   prefixes (so `/` catches every unknown path and answers the JSON root index), `/tree` is an
 *   implicit 302 to `/tree/`; the path is the raw one (SRS does not percent-decode it).
 *
 * Every request is appended to a JSON-lines log (method, raw URL, raw headers, body, which handler
 * answered, what native auth decided) and echoed back in an `X-Standin-Echo` header, so tests can
 * assert exactly what the upstream saw. Bodies are shaped like SRS's (`{"code":0,...}`); the error
 * statuses of the WebRTC handlers are a simplification.
 */
import { appendFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface StandinOptions {
  readonly host: string;
  readonly port: number;
  /** Native auth on when both are set (SRS's `http_api.auth`). */
  readonly username?: string;
  readonly password?: string;
  /** SRS's `http_api.crossdomain`. */
  readonly crossdomain: boolean;
  /** JSON-lines log of every request received. */
  readonly logFile: string;
}

export type StandinAuth = 'off' | 'not-checked' | 'passed' | 'failed';

export interface StandinLogEntry {
  readonly seq: number;
  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  /** Name/value pairs as received. */
  readonly rawHeaders: string[];
  readonly remoteAddress: string;
  readonly body: string;
  /** Which SRS handler answered: `api.*` are the API handlers; `root`, `console`, `metrics`, `rtc.*` are public in SRS. */
  readonly handler: string;
  readonly auth: StandinAuth;
  readonly status: number;
}

/** The API handlers: a request answered by one of these without auth `passed` (or `off`) got API data. */
export function isApiHandler(handler: string): boolean {
  return handler.startsWith('api.');
}

interface Route {
  readonly pattern: string;
  readonly handler: string;
}

// SrsServer::http_handle and SrsRtcServer's API registrations (SRS 5.0), plus /metrics.
const PATTERNS: ReadonlyArray<[string, string]> = [
  ['/', 'root'],
  ['/api/', 'api.api'],
  ['/api/v1/', 'api.v1'],
  ['/api/v1/versions', 'api.versions'],
  ['/api/v1/summaries', 'api.summaries'],
  ['/api/v1/rusages', 'api.rusages'],
  ['/api/v1/self_proc_stats', 'api.self_proc_stats'],
  ['/api/v1/system_proc_stats', 'api.system_proc_stats'],
  ['/api/v1/meminfos', 'api.meminfos'],
  ['/api/v1/authors', 'api.authors'],
  ['/api/v1/features', 'api.features'],
  ['/api/v1/vhosts/', 'api.vhosts'],
  ['/api/v1/streams/', 'api.streams'],
  ['/api/v1/clients/', 'api.clients'],
  ['/api/v1/raw', 'api.raw'],
  ['/api/v1/clusters', 'api.clusters'],
  ['/console/', 'console'],
  ['/metrics', 'metrics'],
  ['/rtc/v1/play/', 'rtc.play'],
  ['/rtc/v1/publish/', 'rtc.publish'],
  ['/rtc/v1/whip/', 'rtc.whip'],
  ['/rtc/v1/whip-play/', 'rtc.whep'],
  ['/rtc/v1/whep/', 'rtc.whep'],
];

const ROUTES: Route[] = (() => {
  const routes: Route[] = PATTERNS.map(([pattern, handler]) => ({ pattern, handler }));
  for (const [pattern] of PATTERNS) {
    // SrsHttpServeMux::handle: "/tree/" also registers an implicit redirect for "/tree".
    if (pattern !== '/' && pattern.endsWith('/')) {
      const bare = pattern.slice(0, -1);
      if (!routes.some((r) => r.pattern === bare))
        routes.push({ pattern: bare, handler: `redirect:${pattern}` });
    }
  }
  return routes;
})();

/** SrsHttpServeMux::match: the longest pattern that matches; `/x/` matches as a prefix, `/x` exactly. */
export function matchRoute(path: string): Route | undefined {
  let best: Route | undefined;
  for (const route of ROUTES) {
    const matches = route.pattern.endsWith('/') ? path.startsWith(route.pattern) : path === route.pattern;
    if (matches && (best === undefined || route.pattern.length > best.pattern.length)) best = route;
  }
  return best;
}

/** SrsHttpUri: the raw path of a request target (origin- or absolute-form), not percent-decoded. */
export function srsPath(url: string): string {
  let rest = url;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const end = rest.search(/[?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

export interface AuthDecision {
  readonly ok: boolean;
  /** Whether the 401 carries `WWW-Authenticate: Basic` (no realm), as SRS sets it. */
  readonly challenge: boolean;
  readonly reason: string;
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** SrsHttpAuthMux::do_auth for a request whose path contains `/api/`. */
export function srsCheckAuthorization(
  header: string | undefined,
  username: string,
  password: string,
): AuthDecision {
  if (header === undefined || header === '')
    return { ok: false, challenge: true, reason: 'empty Authorization' };
  // srs_strings_contains, not a prefix test; then the first occurrence is erased.
  const prefix = 'Basic ';
  const at = header.indexOf(prefix);
  if (at === -1) return { ok: false, challenge: false, reason: 'should contain "Basic "' };
  const token = header.slice(0, at) + header.slice(at + prefix.length);
  if (token === '') return { ok: false, challenge: false, reason: 'empty token' };
  if (!STRICT_BASE64.test(token)) return { ok: false, challenge: false, reason: 'bad base64' };
  const parts = Buffer.from(token, 'base64').toString('latin1').split(':');
  if (parts.length !== 2) return { ok: false, challenge: false, reason: `token has ${parts.length} parts` };
  if (parts[0] !== username || parts[1] !== password)
    return { ok: false, challenge: true, reason: 'wrong user or password' };
  return { ok: true, challenge: false, reason: 'ok' };
}

function firstHeader(rawHeaders: string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) return rawHeaders[i + 1];
  }
  return undefined;
}

function json(body: Record<string, unknown>): { type: string; text: string } {
  return { type: 'application/json', text: JSON.stringify(body) };
}

function handlerBody(
  handler: string,
  method: string,
  url: string,
  body: string,
  contentType: string | undefined,
): { status: number; type: string; text: string; headers?: Record<string, string> } {
  const server = 'vid-standin';
  const base = { code: 0, server, service: 'standin', pid: String(process.pid) };
  if (handler.startsWith('redirect:')) {
    return {
      status: 302,
      type: 'text/plain',
      text: '',
      headers: { Location: handler.slice('redirect:'.length) },
    };
  }
  switch (handler) {
    case 'root':
      return {
        status: 200,
        ...json({ ...base, urls: { api: 'the api root', rtc: { v1: { play: 'Play stream' } } } }),
      };
    case 'api.api':
      return { status: 200, ...json({ ...base, urls: { v1: 'the api version 1.0' } }) };
    case 'api.v1':
      return { status: 200, ...json({ ...base, urls: { versions: 'the version of SRS' } }) };
    case 'api.versions':
      return {
        status: 200,
        ...json({ ...base, data: { major: 5, minor: 0, revision: 213, version: '5.0.213' } }),
      };
    case 'api.summaries':
      return {
        status: 200,
        ...json({ ...base, data: { ok: true, now_ms: Date.now(), self: {}, system: {} } }),
      };
    case 'api.streams':
      return { status: 200, ...json({ ...base, streams: [] }) };
    case 'api.clients':
      return { status: 200, ...json({ ...base, clients: [] }) };
    case 'console':
      return {
        status: 200,
        type: 'text/html',
        text: '<html><head><title>SRS console</title></head><body>srs console</body></html>',
      };
    case 'metrics':
      return { status: 200, type: 'text/plain; version=0.0.4', text: 'srs_node_uptime{} 1\n' };
    case 'rtc.play':
    case 'rtc.publish': {
      // SRS's JSON signalling API: POST {"sdp": offer} -> {"code":0,"sdp":answer}; any failure is
      // HTTP 200 with {"code":400}.
      let offer: unknown;
      try {
        offer = JSON.parse(body);
      } catch {
        offer = undefined;
      }
      if (method !== 'POST' || typeof offer !== 'object' || offer === null || !('sdp' in offer))
        return { status: 200, ...json({ code: 400 }) };
      return { status: 200, ...json({ ...base, sessionid: 'standin:session', sdp: 'v=0\r\n' }) };
    }
    case 'rtc.whip':
    case 'rtc.whep':
      if (method !== 'POST' || !(contentType ?? '').startsWith('application/sdp') || !body.startsWith('v=0'))
        return { status: 400, ...json({ code: 400 }) };
      return {
        status: 201,
        type: 'application/sdp',
        text: 'v=0\r\n',
        headers: { Location: `${url.split('?')[0]}?action=delete&token=standin` },
      };
    default:
      return { status: 200, ...json({ ...base, data: { handler } }) };
  }
}

export function startStandin(options: StandinOptions): Promise<() => Promise<void>> {
  const authEnabled = options.username !== undefined && options.password !== undefined;
  let seq = 0;
  const log = (entry: StandinLogEntry) => appendFileSync(options.logFile, `${JSON.stringify(entry)}\n`);

  const server = createServer({ requireHostHeader: false }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('latin1');
      const method = req.method ?? '';
      const url = req.url ?? '';
      const rawHeaders = req.rawHeaders;
      const entry = {
        seq: ++seq,
        method,
        url,
        httpVersion: req.httpVersion,
        rawHeaders,
        remoteAddress: req.socket.remoteAddress ?? '',
        body: body.slice(0, 2048),
      };
      // Kept well under nginx's proxy_buffer_size (4k): long header values are cut in the echo
      // (the log has them whole), or nginx would answer 502 for a too big upstream header.
      let echo = Buffer.from(
        JSON.stringify({ method, url, httpVersion: req.httpVersion, rawHeaders }),
      ).toString('base64url');
      if (echo.length > 2048) {
        const cut = rawHeaders.map((v) => (v.length > 64 ? `${v.slice(0, 64)}…` : v));
        echo = Buffer.from(
          JSON.stringify({
            method,
            url: url.slice(0, 256),
            httpVersion: req.httpVersion,
            rawHeaders: cut,
            truncated: true,
          }),
        ).toString('base64url');
      }
      const send = (
        status: number,
        handler: string,
        auth: StandinAuth,
        type: string,
        text: string,
        headers: Record<string, string> = {},
      ) => {
        log({ ...entry, handler, auth, status });
        res.statusCode = status;
        res.setHeader('Server', 'SRS/5.0.213(Bee)');
        res.setHeader('X-Standin-Handler', handler);
        res.setHeader('X-Standin-Auth', auth);
        res.setHeader('X-Standin-Seq', String(entry.seq));
        res.setHeader('X-Standin-Echo', echo);
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        if (text !== '' || status !== 401) res.setHeader('Content-Type', type);
        res.setHeader('Content-Length', Buffer.byteLength(text, 'latin1'));
        res.end(method === 'HEAD' ? undefined : Buffer.from(text, 'latin1'));
      };

      // SrsHttpCorsMux.
      const cors: Record<string, string> = {};
      if (options.crossdomain && firstHeader(rawHeaders, 'origin') !== undefined) {
        cors['Access-Control-Allow-Origin'] = '*';
        cors['Access-Control-Allow-Headers'] = '*';
        cors['Access-Control-Allow-Methods'] = '*';
        cors['Access-Control-Expose-Headers'] = '*';
        cors['Access-Control-Allow-Credentials'] = 'false';
      }
      const authState: StandinAuth = authEnabled ? 'not-checked' : 'off';
      if (method === 'OPTIONS') {
        send(options.crossdomain ? 200 : 405, 'cors-options', authState, 'text/plain', '', cors);
        return;
      }

      // SrsHttpAuthMux.
      const path = srsPath(url);
      let auth: StandinAuth = authState;
      if (authEnabled && path.includes('/api/')) {
        const decision = srsCheckAuthorization(
          firstHeader(rawHeaders, 'authorization'),
          options.username!,
          options.password!,
        );
        if (!decision.ok) {
          send(
            401,
            `unauthorized (${decision.reason})`,
            'failed',
            'text/plain',
            '',
            decision.challenge ? { ...cors, 'WWW-Authenticate': 'Basic' } : cors,
          );
          return;
        }
        auth = 'passed';
      }

      // SrsHttpServeMux.
      if (url.includes('..')) {
        // find_handler fails ("url not canonical"): SRS drops the connection without an answer.
        log({ ...entry, handler: 'url-not-canonical', auth, status: 0 });
        res.socket?.destroy();
        return;
      }
      const route = matchRoute(path);
      if (route === undefined) {
        send(404, 'not-found', auth, 'text/plain', 'Not Found', cors);
        return;
      }
      const answer = handlerBody(route.handler, method, url, body, firstHeader(rawHeaders, 'content-type'));
      let text = answer.text;
      if (answer.type === 'application/json') {
        // The echo in the body too, for tests that read bodies.
        const parsed = JSON.parse(text) as Record<string, unknown>;
        text = JSON.stringify({ ...parsed, standin: { handler: route.handler, method, url } });
      }
      send(answer.status, route.handler, auth, answer.type, text, { ...cors, ...(answer.headers ?? {}) });
    });
  });
  // nginx keeps idle upstream connections (keepalive 16); never close them from this side first,
  // or a request racing the close would fail as a 502 that SRS itself would not cause.
  server.keepAliveTimeout = 0;
  server.on('clientError', (error: Error & { rawPacket?: Buffer }, socket: Socket) => {
    log({
      seq: ++seq,
      method: '',
      url: '',
      httpVersion: '',
      rawHeaders: [],
      remoteAddress: socket.remoteAddress ?? '',
      body: (error.rawPacket ?? Buffer.alloc(0)).toString('latin1').slice(0, 2048),
      handler: `parse-error (${error.message})`,
      auth: 'not-checked',
      status: 400,
    });
    socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      resolve(
        () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      );
    });
  });
}

// As a process: `node srs-standin.js '<StandinOptions as JSON>'`; prints "READY" once listening.
if (require.main === module) {
  const options = JSON.parse(process.argv[2] ?? '{}') as StandinOptions;
  startStandin(options).then(
    () => process.stdout.write('READY\n'),
    (error: Error) => {
      process.stderr.write(`srs-standin: ${error.message}\n`);
      process.exit(1);
    },
  );
  process.on('SIGTERM', () => process.exit(0));
}
