/**
 * Hand-made requests that each try to reach a protected path (the API, or anything but the public
 * WebRTC signalling endpoints in `proxy`/`both` mode) without valid credentials. They are sent as
 * raw bytes over a socket, so nginx sees them exactly as written here.
 */
export interface ProbeContext {
  /** `Basic <base64(user:password)>`, the right credentials. */
  readonly validAuth: string;
  readonly validToken: string;
  readonly username: string;
  readonly password: string;
}

export interface CraftedProbe {
  readonly id: string;
  readonly category: string;
  readonly description: string;
  readonly build: (context: ProbeContext) => string;
  /** Responses to wait for (pipelined shapes). @default 1 */
  readonly responses?: number;
  /** Per expected response: it answers a HEAD, so no body follows. */
  readonly headResponses?: readonly boolean[];
  readonly timeoutMs?: number;
}

const HOST = 'api.test';
const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');

/** A request with CRLF line ends, a Host header unless `host: false`, extra header lines, a body. */
function request(line: string, extra: string[] = [], body = '', options: { host?: boolean } = {}): string {
  const lines = [line, ...(options.host === false ? [] : [`Host: ${HOST}`]), ...extra];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

const get = (target: string, extra: string[] = []) => request(`GET ${target} HTTP/1.1`, extra);

const WHIP = '/rtc/v1/whip/?app=live&stream=probe';
const HIDDEN = `GET /api/v1/summaries HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`;

export const CRAFTED_PROBES: readonly CraftedProbe[] = [
  // Path tricks on the API path itself.
  {
    id: 'P01',
    category: 'path',
    description: 'double leading slash',
    build: () => get('//api/v1/summaries'),
  },
  {
    id: 'P02',
    category: 'path',
    description: 'triple leading slash',
    build: () => get('///api/v1/summaries'),
  },
  { id: 'P03', category: 'path', description: 'dot segment /./api', build: () => get('/./api/v1/summaries') },
  {
    id: 'P04',
    category: 'path',
    description: 'dot-dot /x/../api',
    build: () => get('/x/../api/v1/summaries'),
  },
  {
    id: 'P05',
    category: 'path',
    description: 'encoded dot-dot %2e%2e',
    build: () => get('/x/%2e%2e/api/v1/summaries'),
  },
  {
    id: 'P06',
    category: 'path',
    description: 'encoded dot-dot %2E%2E',
    build: () => get('/x/%2E%2E/api/v1/summaries'),
  },
  { id: 'P07', category: 'path', description: 'encoded dot %2e', build: () => get('/%2e/api/v1/summaries') },
  {
    id: 'P08',
    category: 'path',
    description: 'encoded slashes %2F',
    build: () => get('/api%2Fv1%2Fsummaries'),
  },
  {
    id: 'P09',
    category: 'path',
    description: 'one encoded slash %2f',
    build: () => get('/api/v1%2fsummaries'),
  },
  {
    id: 'P10',
    category: 'path',
    description: 'encoded letter %61pi',
    build: () => get('/%61pi/v1/summaries'),
  },
  {
    id: 'P11',
    category: 'path',
    description: 'upper case /API/V1/SUMMARIES',
    build: () => get('/API/V1/SUMMARIES'),
  },
  { id: 'P12', category: 'path', description: 'mixed case /Api/', build: () => get('/Api/v1/summaries') },
  { id: 'P13', category: 'path', description: 'trailing dot', build: () => get('/api/v1/summaries.') },
  {
    id: 'P14',
    category: 'path',
    description: 'dot after segment /api./',
    build: () => get('/api./v1/summaries'),
  },
  {
    id: 'P15',
    category: 'path',
    description: '; parameter at the end',
    build: () => get('/api/v1/summaries;x=1'),
  },
  {
    id: 'P16',
    category: 'path',
    description: '; parameter in a segment',
    build: () => get('/api;/v1/summaries'),
  },
  { id: 'P17', category: 'path', description: 'encoded NUL %00', build: () => get('/api/v1/summaries%00') },
  { id: 'P18', category: 'path', description: 'encoded space %20', build: () => get('/api/v1/summaries%20') },
  { id: 'P19', category: 'path', description: 'backslashes', build: () => get('/api\\v1\\summaries') },
  { id: 'P20', category: 'path', description: 'trailing slash', build: () => get('/api/v1/summaries/') },
  {
    id: 'P21',
    category: 'path',
    description: 'public shape in the query',
    build: () => get('/api/v1/summaries?x=/rtc/v1/play/'),
  },
  {
    id: 'P22',
    category: 'path',
    description: 'public shape as fragment',
    build: () => get('/api/v1/summaries#/rtc/v1/play/'),
  },
  {
    id: 'P23',
    category: 'path',
    description: 'overlong UTF-8 dots %c0%ae',
    build: () => get('/x/%c0%ae%c0%ae/api/v1/summaries'),
  },
  {
    id: 'P24',
    category: 'path',
    description: 'raw NUL byte in the path',
    build: () => get('/api/v1/summaries\x00'),
  },

  // Tricks that start with the public WebRTC signalling shape.
  {
    id: 'R01',
    category: 'rtc-shape',
    description: '/rtc/v1/play/../../api (lands on /rtc/api)',
    build: () => get('/rtc/v1/play/../../api/v1/summaries'),
  },
  {
    id: 'R02',
    category: 'rtc-shape',
    description: '/rtc/v1/play/../../../api',
    build: () => get('/rtc/v1/play/../../../api/v1/summaries'),
  },
  {
    id: 'R03',
    category: 'rtc-shape',
    description: '/rtc/v1/play/%2e%2e x3 /api',
    build: () => get('/rtc/v1/play/%2e%2e/%2e%2e/%2e%2e/api/v1/summaries'),
  },
  {
    id: 'R04',
    category: 'rtc-shape',
    description: '/rtc/v1/play/..%2f..%2fapi',
    build: () => get('/rtc/v1/play/..%2f..%2fapi'),
  },
  {
    id: 'R05',
    category: 'rtc-shape',
    description: '/rtc/v1/play/..%2f x3 api%2fv1%2fsummaries',
    build: () => get('/rtc/v1/play/..%2f..%2f..%2fapi%2fv1%2fsummaries'),
  },
  {
    id: 'R06',
    category: 'rtc-shape',
    description: 'backslash dot-dots after /rtc/v1/play/',
    build: () => get('/rtc/v1/play/..\\..\\..\\api\\v1\\summaries'),
  },
  {
    id: 'R07',
    category: 'rtc-shape',
    description: 'dot-dots in the query of the public shape',
    build: () => get('/rtc/v1/play/?/../../../api/v1/summaries'),
  },
  {
    id: 'R08',
    category: 'rtc-shape',
    description: 'encoded ? then dot-dots',
    build: () => get('/rtc/v1/play/%3f/../../../api/v1/summaries'),
  },
  {
    id: 'R09',
    category: 'rtc-shape',
    description: 'double slash then dot-dots',
    build: () => get('/rtc/v1/play//../../../api/v1/summaries'),
  },
  {
    id: 'R10',
    category: 'rtc-shape',
    description: '; then dot-dots',
    build: () => get('/rtc/v1/play/;/../../../api/v1/summaries'),
  },
  {
    id: 'R11',
    category: 'rtc-shape',
    description: '# then dot-dots',
    build: () => get('/rtc/v1/play/#/../../../api/v1/summaries'),
  },
  {
    id: 'R12',
    category: 'rtc-shape',
    description: 'encoded dot-dots right after /rtc/v1/',
    build: () => get('/rtc/v1/%2e%2e/%2e%2e/api/v1/summaries'),
  },
  {
    id: 'R13',
    category: 'rtc-shape',
    description: 'X-Original-URL / X-Rewrite-URL naming the public shape, on /',
    build: () => get('/', ['X-Original-URL: /rtc/v1/play/', 'X-Rewrite-URL: /rtc/v1/play/']),
  },

  // Absolute-form and asterisk-form targets.
  {
    id: 'A01',
    category: 'target-form',
    description: 'absolute-form',
    build: () => get('http://x/api/v1/summaries'),
  },
  {
    id: 'A02',
    category: 'target-form',
    description: 'absolute-form, /rtc/v1/play/../../api',
    build: () => get('http://x/rtc/v1/play/../../api/v1/summaries'),
  },
  {
    id: 'A03',
    category: 'target-form',
    description: 'absolute-form, /rtc/v1/play/../../../api',
    build: () => get('http://x/rtc/v1/play/../../../api/v1/summaries'),
  },
  {
    id: 'A04',
    category: 'target-form',
    description: 'absolute-form, upper-case scheme',
    build: () => get('HTTP://X/api/v1/summaries'),
  },
  {
    id: 'A05',
    category: 'target-form',
    description: 'absolute-form naming the SRS API port',
    build: () => request('GET http://127.0.0.1:1986/api/v1/summaries HTTP/1.1', [], '', { host: false }),
  },
  {
    id: 'A06',
    category: 'target-form',
    description: 'absolute-form https',
    build: () => get('https://x/api/v1/summaries'),
  },
  {
    id: 'A07',
    category: 'target-form',
    description: 'absolute-form with userinfo (right credentials)',
    build: (c) => get(`http://${c.username}:${c.password}@x/api/v1/summaries`),
  },
  {
    id: 'A08',
    category: 'target-form',
    description: 'asterisk-form OPTIONS *',
    build: () => request('OPTIONS * HTTP/1.1'),
  },
  {
    id: 'A09',
    category: 'target-form',
    description: 'asterisk-form GET *',
    build: () => request('GET * HTTP/1.1'),
  },
  {
    id: 'A10',
    category: 'target-form',
    description: 'authority-form CONNECT to the SRS API port',
    build: () => request('CONNECT 127.0.0.1:1986 HTTP/1.1', ['Host: 127.0.0.1:1986'], '', { host: false }),
  },

  // Protocol versions and framing.
  {
    id: 'V01',
    category: 'version',
    description: 'HTTP/1.0 without Host',
    build: () => request('GET /api/v1/summaries HTTP/1.0', [], '', { host: false }),
  },
  {
    id: 'V02',
    category: 'version',
    description: 'HTTP/1.1 without Host',
    build: () => request('GET /api/v1/summaries HTTP/1.1', [], '', { host: false }),
  },
  {
    id: 'V03',
    category: 'version',
    description: 'HTTP/0.9 request line',
    build: () => 'GET /api/v1/summaries\r\n',
  },
  {
    id: 'V04',
    category: 'version',
    description: 'HTTP/0.9 with rtc dot-dots',
    build: () => 'GET /rtc/v1/play/../../../api/v1/summaries\r\n',
  },
  {
    id: 'V05',
    category: 'version',
    description: 'HTTP/1.2',
    build: () => request('GET /api/v1/summaries HTTP/1.2'),
  },
  {
    id: 'V06',
    category: 'version',
    description: 'HTTP/2.0 in a text request line',
    build: () => request('GET /api/v1/summaries HTTP/2.0'),
  },
  {
    id: 'V07',
    category: 'version',
    description: 'bare LF line ends',
    build: () => `GET /api/v1/summaries HTTP/1.1\nHost: ${HOST}\n\n`,
  },
  {
    id: 'V08',
    category: 'version',
    description: 'two Host headers',
    build: () => request('GET /api/v1/summaries HTTP/1.1', ['Host: other.test']),
  },

  // Authorization header shapes.
  {
    id: 'H01',
    category: 'authorization',
    description: 'duplicate Authorization: valid, then invalid',
    build: (c) =>
      get('/api/v1/summaries', [
        `Authorization: ${c.validAuth}`,
        `Authorization: Basic ${b64('admin:wrong')}`,
      ]),
  },
  {
    id: 'H02',
    category: 'authorization',
    description: 'duplicate Authorization: invalid, then valid',
    build: (c) =>
      get('/api/v1/summaries', [
        `Authorization: Basic ${b64('admin:wrong')}`,
        `Authorization: ${c.validAuth}`,
      ]),
  },
  {
    id: 'H03',
    category: 'authorization',
    description: 'duplicate Authorization: valid, then empty',
    build: (c) => get('/api/v1/summaries', [`Authorization: ${c.validAuth}`, 'Authorization:']),
  },
  {
    id: 'H04',
    category: 'authorization',
    description: 'obs-fold: token on a continuation line',
    build: (c) => get('/api/v1/summaries', ['Authorization: Basic', ` ${c.validToken}`]),
  },
  {
    id: 'H05',
    category: 'authorization',
    description: 'space before the colon of Authorization',
    build: (c) => get('/api/v1/summaries', [`Authorization : ${c.validAuth}`]),
  },
  {
    id: 'H06',
    category: 'authorization',
    description: 'Proxy-Authorization with the right credentials',
    build: (c) => get('/api/v1/summaries', [`Proxy-Authorization: ${c.validAuth}`]),
  },
  {
    id: 'H07',
    category: 'authorization',
    description: 'identity headers (X-Remote-User, X-Forwarded-User, Remote-User)',
    build: () =>
      get('/api/v1/summaries', ['X-Remote-User: admin', 'X-Forwarded-User: admin', 'Remote-User: admin']),
  },
  {
    id: 'H09',
    category: 'authorization',
    description: 'user:password:extra',
    build: (c) => get('/api/v1/summaries', [`Authorization: Basic ${b64(`${c.username}:${c.password}:x`)}`]),
  },
  {
    id: 'H10',
    category: 'authorization',
    description: 'user name in another case',
    build: (c) =>
      get('/api/v1/summaries', [`Authorization: Basic ${b64(`${c.username.toUpperCase()}:${c.password}`)}`]),
  },
  {
    id: 'H11',
    category: 'authorization',
    description: 'tab instead of space after Basic',
    build: (c) => get('/api/v1/summaries', [`Authorization: Basic\t${c.validToken}`]),
  },
  {
    id: 'H13',
    category: 'authorization',
    description: 'underscore header name authorization_',
    build: (c) => get('/api/v1/summaries', [`Authori_zation: ${c.validAuth}`]),
  },

  // Size limits.
  {
    id: 'S01',
    category: 'size',
    description: 'one 9000-byte header',
    build: () => get('/api/v1/summaries', [`X-Big: ${'a'.repeat(9000)}`]),
  },
  {
    id: 'S02',
    category: 'size',
    description: '10000-byte request target',
    build: () => get(`/api/v1/summaries?${'a'.repeat(10000)}`),
  },
  {
    id: 'S03',
    category: 'size',
    description: '40 headers of 1000 bytes',
    build: () =>
      get(
        '/api/v1/summaries',
        Array.from({ length: 40 }, (_, i) => `X-H${i}: ${'b'.repeat(1000)}`),
      ),
  },
  {
    id: 'S04',
    category: 'size',
    description: 'oversized header on the public shape, pipelined API request',
    build: () =>
      `${request(`POST ${WHIP} HTTP/1.1`, [`X-Big: ${'a'.repeat(9000)}`, 'Content-Length: 0'])}${HIDDEN}`,
    responses: 2,
    timeoutMs: 1000,
  },

  // Methods.
  {
    id: 'M01',
    category: 'method',
    description: 'PROPFIND',
    build: () => request('PROPFIND /api/v1/summaries HTTP/1.1'),
  },
  {
    id: 'M02',
    category: 'method',
    description: 'TRACE',
    build: () => request('TRACE /api/v1/summaries HTTP/1.1'),
  },
  {
    id: 'M03',
    category: 'method',
    description: 'lower-case get',
    build: () => request('get /api/v1/summaries HTTP/1.1'),
  },
  {
    id: 'M04',
    category: 'method',
    description: 'DELETE a client',
    build: () => request('DELETE /api/v1/clients/1 HTTP/1.1'),
  },
  {
    id: 'M05',
    category: 'method',
    description: 'POST raw API',
    build: () => request('POST /api/v1/raw?rpc=reload HTTP/1.1', ['Content-Length: 0']),
  },
  {
    id: 'M06',
    category: 'method',
    description: 'unknown method FOO',
    build: () => request('FOO /api/v1/summaries HTTP/1.1'),
  },
  {
    id: 'M07',
    category: 'method',
    description: 'X-HTTP-Method-Override on HEAD',
    build: () => request('HEAD /api/v1/summaries HTTP/1.1', ['X-HTTP-Method-Override: GET']),
    headResponses: [true],
  },

  // Request smuggling shapes.
  {
    id: 'X01',
    category: 'smuggling',
    description: 'CL + TE on the public shape, API request after the chunked end',
    build: () =>
      request(
        `POST ${WHIP} HTTP/1.1`,
        ['Content-Type: application/sdp', 'Content-Length: 5', 'Transfer-Encoding: chunked'],
        `0\r\n\r\n${HIDDEN}`,
      ),
    responses: 2,
    timeoutMs: 1000,
  },
  {
    id: 'X02',
    category: 'smuggling',
    description: 'TE + CL (other order)',
    build: () =>
      request(
        `POST ${WHIP} HTTP/1.1`,
        ['Transfer-Encoding: chunked', `Content-Length: ${HIDDEN.length + 5}`],
        `0\r\n\r\n${HIDDEN}`,
      ),
    responses: 2,
    timeoutMs: 1000,
  },
  {
    id: 'X03',
    category: 'smuggling',
    description: 'two Content-Length headers',
    build: () =>
      request(`POST ${WHIP} HTTP/1.1`, ['Content-Length: 0', `Content-Length: ${HIDDEN.length}`], HIDDEN),
    responses: 2,
    timeoutMs: 1000,
  },
  {
    id: 'X04',
    category: 'smuggling',
    description: 'API request hidden in the body of a public request (CL covers it)',
    build: () =>
      request(
        `POST ${WHIP} HTTP/1.1`,
        ['Content-Type: application/sdp', `Content-Length: ${HIDDEN.length}`],
        HIDDEN,
      ),
  },
  {
    id: 'X05',
    category: 'smuggling',
    description: 'public request with CL 0, API request pipelined after it',
    build: () =>
      `${request(`POST ${WHIP} HTTP/1.1`, ['Content-Type: application/sdp', 'Content-Length: 0'])}${HIDDEN}`,
    responses: 2,
  },
  {
    id: 'X06',
    category: 'smuggling',
    description: 'API request inside a chunk of a public request',
    build: () =>
      request(
        `POST ${WHIP} HTTP/1.1`,
        ['Content-Type: application/sdp', 'Transfer-Encoding: chunked'],
        `${HIDDEN.length.toString(16)}\r\n${HIDDEN}\r\n0\r\n\r\n`,
      ),
  },
  {
    id: 'X07',
    category: 'smuggling',
    description: 'Transfer-Encoding: chunked, identity',
    build: () =>
      request(`POST ${WHIP} HTTP/1.1`, ['Transfer-Encoding: chunked, identity'], `0\r\n\r\n${HIDDEN}`),
    responses: 2,
    timeoutMs: 1000,
  },
  {
    id: 'X08',
    category: 'smuggling',
    description: 'Transfer-Encoding: xchunked',
    build: () => request(`POST ${WHIP} HTTP/1.1`, ['Transfer-Encoding: xchunked'], `0\r\n\r\n${HIDDEN}`),
    responses: 2,
    timeoutMs: 1000,
  },
  {
    id: 'X09',
    category: 'smuggling',
    description: 'Transfer-Encoding with a space before the colon',
    build: () =>
      request(
        `POST ${WHIP} HTTP/1.1`,
        ['Transfer-Encoding : chunked', 'Content-Length: 5'],
        `0\r\n\r\n${HIDDEN}`,
      ),
    responses: 2,
    timeoutMs: 1000,
  },
  {
    id: 'X10',
    category: 'smuggling',
    description: 'negative Content-Length',
    build: () => request(`POST ${WHIP} HTTP/1.1`, ['Content-Length: -1'], HIDDEN),
    responses: 2,
    timeoutMs: 1000,
  },
  {
    id: 'X11',
    category: 'smuggling',
    description: 'chunk size overflow',
    build: () =>
      request(
        `POST ${WHIP} HTTP/1.1`,
        ['Transfer-Encoding: chunked'],
        `ffffffffffffffffff\r\n${HIDDEN}\r\n0\r\n\r\n`,
      ),
    responses: 2,
    timeoutMs: 1000,
  },
  {
    id: 'X12',
    category: 'smuggling',
    description: 'Expect: 100-continue on the API with a body',
    build: () =>
      request(
        'POST /api/v1/summaries HTTP/1.1',
        ['Expect: 100-continue', `Content-Length: ${HIDDEN.length}`, 'Connection: close'],
        HIDDEN,
      ),
    responses: 2,
    timeoutMs: 1000,
  },
  {
    id: 'X13',
    category: 'smuggling',
    description: 'CRLF injection in the target (%0d%0a)',
    build: () => get('/rtc/v1/play/%0d%0aGET%20/api/v1/summaries%20HTTP/1.1%0d%0a'),
  },
  {
    id: 'X14',
    category: 'smuggling',
    description: 'raw CR inside the request line',
    build: () => `GET /rtc/v1/play/\rGET /api/v1/summaries HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`,
  },
];
