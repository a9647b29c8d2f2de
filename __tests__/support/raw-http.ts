/**
 * A raw-socket HTTP client for the end-to-end proxy tests: it sends exactly the bytes given (no
 * normalisation whatsoever, so malformed and smuggling shapes reach nginx as written) and parses
 * what comes back. It runs inside the test's "client" network namespace as a helper process
 * (transpiled to plain JS, Node built-ins only) that takes JSON-lines commands on stdin and answers
 * JSON lines on stdout; NetnsHttpClient is the jest side of that pipe.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { connect, Socket } from 'node:net';
import { createInterface } from 'node:readline';

export interface RawRequest {
  readonly host: string;
  readonly port: number;
  /** The bytes to send, as a latin1 string (one char per byte). */
  readonly data: string;
  /** Parse this many responses, then hang up. @default 1 */
  readonly responses?: number;
  /** For each expected response: true when it answers a HEAD (no body follows). */
  readonly headResponses?: readonly boolean[];
  /** Give up (and report what arrived) after this long. @default 2000 */
  readonly timeoutMs?: number;
  /** Interface for IPv6 link-local addresses. */
  readonly scopeInterface?: string;
}

export interface ParsedResponse {
  /** `HTTP/1.1`, or `HTTP/0.9` when the answer had no status line. */
  readonly httpVersion: string;
  readonly status: number;
  readonly reason: string;
  /** Name/value pairs in order, names as sent. */
  readonly headers: Array<[string, string]>;
  /** latin1. */
  readonly body: string;
}

export interface RawResult {
  readonly connected: boolean;
  readonly responses: ParsedResponse[];
  /** Everything received, latin1 (first 64 KiB). */
  readonly raw: string;
  /** Connect or socket error code, e.g. ECONNREFUSED. */
  readonly error?: string;
  readonly timedOut: boolean;
  /** The peer closed the connection. */
  readonly closed: boolean;
  /** From starting to connect until the last expected response was complete (or the end). */
  readonly elapsedMs: number;
}

export interface ConnectResult {
  readonly connected: boolean;
  readonly error?: string;
  readonly elapsedMs: number;
}

/** Header value, case-insensitive name; the first one. */
export function header(response: ParsedResponse, name: string): string | undefined {
  const lower = name.toLowerCase();
  return response.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** All values of a header. */
export function headers(response: ParsedResponse, name: string): string[] {
  const lower = name.toLowerCase();
  return response.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

type ParseStep = { response: ParsedResponse; rest: string } | 'incomplete' | 'until-close';

/** One response off the front of `buffer`; 'until-close' when only the end of the stream delimits it. */
function parseOne(buffer: string, head: boolean, atEnd: boolean): ParseStep {
  if (!buffer.startsWith('HTTP/')) {
    if (buffer.length > 0 && 'HTTP/'.startsWith(buffer) && !atEnd) return 'incomplete';
    // HTTP/0.9: the body alone, up to the close.
    if (!atEnd) return 'until-close';
    const title = /<title>(\d{3})\b/i.exec(buffer);
    return {
      response: {
        httpVersion: 'HTTP/0.9',
        status: title ? Number(title[1]) : 0,
        reason: '(no status line)',
        headers: [],
        body: buffer,
      },
      rest: '',
    };
  }
  const end = buffer.indexOf('\r\n\r\n');
  if (end === -1) return 'incomplete';
  const lines = buffer.slice(0, end).split('\r\n');
  const status = /^(HTTP\/\d\.\d) (\d{3}) ?(.*)$/.exec(lines[0]);
  if (!status) return 'incomplete';
  const parsedHeaders: Array<[string, string]> = lines.slice(1).map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const code = Number(status[2]);
  const base = { httpVersion: status[1], status: code, reason: status[3], headers: parsedHeaders };
  let rest = buffer.slice(end + 4);
  const find = (name: string) => parsedHeaders.find(([n]) => n.toLowerCase() === name)?.[1];
  if (head || code === 204 || code === 304 || (code >= 100 && code < 200)) {
    return { response: { ...base, body: '' }, rest };
  }
  if ((find('transfer-encoding') ?? '').toLowerCase().includes('chunked')) {
    let body = '';
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      if (lineEnd === -1) return 'incomplete';
      const size = parseInt(rest.slice(0, lineEnd), 16);
      if (Number.isNaN(size)) return 'incomplete';
      if (size === 0) {
        const trailerEnd = rest.indexOf('\r\n\r\n', lineEnd);
        if (trailerEnd === -1 && rest.slice(lineEnd, lineEnd + 4) !== '\r\n\r\n') return 'incomplete';
        rest = rest.slice((trailerEnd === -1 ? lineEnd : trailerEnd) + 4);
        return { response: { ...base, body }, rest };
      }
      if (rest.length < lineEnd + 2 + size + 2) return 'incomplete';
      body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
      rest = rest.slice(lineEnd + 2 + size + 2);
    }
  }
  const length = find('content-length');
  if (length !== undefined) {
    const n = Number(length);
    if (rest.length < n) return atEnd ? { response: { ...base, body: rest }, rest: '' } : 'incomplete';
    return { response: { ...base, body: rest.slice(0, n) }, rest: rest.slice(n) };
  }
  if (!atEnd) return 'until-close';
  return { response: { ...base, body: rest }, rest: '' };
}

/** Parses as many whole responses as the buffer holds. */
export function parseResponses(
  buffer: string,
  headResponses: readonly boolean[],
  atEnd: boolean,
): { responses: ParsedResponse[]; complete: boolean } {
  const responses: ParsedResponse[] = [];
  let rest = buffer;
  while (rest.length > 0) {
    const step = parseOne(rest, headResponses[responses.length] ?? false, atEnd);
    if (step === 'incomplete' || step === 'until-close') return { responses, complete: false };
    responses.push(step.response);
    rest = step.rest;
  }
  return { responses, complete: true };
}

/** Sends the raw bytes and collects the answer(s). */
export function sendRaw(request: RawRequest): Promise<RawResult> {
  const expected = request.responses ?? 1;
  const heads = request.headResponses ?? [];
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolve) => {
    const socket: Socket = connect({
      host: request.scopeInterface ? `${request.host}%${request.scopeInterface}` : request.host,
      port: request.port,
    });
    let received = '';
    let connected = false;
    let settled = false;
    let closed = false;
    let error: string | undefined;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const { responses } = parseResponses(received, heads, true);
      socket.destroy();
      resolve({
        connected,
        responses,
        raw: received.slice(0, 65536),
        error,
        timedOut,
        closed,
        elapsedMs: Math.round(elapsed() * 100) / 100,
      });
    };
    const timer = setTimeout(() => finish(true), request.timeoutMs ?? 2000);
    socket.on('connect', () => {
      connected = true;
      socket.write(Buffer.from(request.data, 'latin1'));
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const { responses } = parseResponses(received, heads, false);
      if (responses.length >= expected) finish(false);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
      finish(false);
    });
    socket.on('close', () => {
      closed = true;
      finish(false);
    });
  });
}

/** Only a TCP connect, then hang up. */
export function tryConnect(
  host: string,
  port: number,
  timeoutMs: number,
  scopeInterface?: string,
): Promise<ConnectResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const socket = connect({ host: scopeInterface ? `${host}%${scopeInterface}` : host, port });
    const done = (connected: boolean, error?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ connected, error, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 });
    };
    const timer = setTimeout(() => done(false, 'TIMEOUT'), timeoutMs);
    socket.on('connect', () => done(true));
    socket.on('error', (e: NodeJS.ErrnoException) => done(false, e.code ?? e.message));
  });
}

type CommandBody =
  | { op: 'request'; request: RawRequest }
  | { op: 'connect'; host: string; port: number; timeoutMs: number; scopeInterface?: string };
type Command = CommandBody & { id: number };

/**
 * The jest side: a helper process in a network namespace (`ip netns exec <ns> node raw-http.js`),
 * so every socket is opened from inside that namespace, like a user on the Docker host.
 */
export class NetnsHttpClient {
  private readonly child: ChildProcess;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private exited = false;

  constructor(namespace: string, script: string) {
    this.child = spawn('ip', ['netns', 'exec', namespace, process.execPath, script], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.child.on('exit', () => {
      this.exited = true;
      for (const { reject } of this.pending.values()) reject(new Error('raw-http helper exited'));
      this.pending.clear();
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { id: number; result: unknown };
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      waiter?.resolve(message.result);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private call<T>(command: CommandBody): Promise<T> {
    if (this.exited) return Promise.reject(new Error('raw-http helper is not running'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.stdin!.write(`${JSON.stringify({ ...command, id })}\n`);
    });
  }

  request(request: RawRequest): Promise<RawResult> {
    return this.call<RawResult>({ op: 'request', request });
  }

  connect(host: string, port: number, timeoutMs = 1000, scopeInterface?: string): Promise<ConnectResult> {
    return this.call<ConnectResult>({ op: 'connect', host, port, timeoutMs, scopeInterface });
  }

  /** Ends the helper (closing stdin ends it; SIGKILL by pid after a grace period). */
  async close(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  }
}

// As a process: JSON-lines commands on stdin, JSON-lines results on stdout; ends with stdin.
if (require.main === module) {
  const lines = createInterface({ input: process.stdin });
  let inFlight = 0;
  let ended = false;
  const maybeExit = () => {
    if (ended && inFlight === 0) process.exit(0);
  };
  lines.on('line', (line) => {
    const command = JSON.parse(line) as Command;
    inFlight++;
    const work: Promise<unknown> =
      command.op === 'request'
        ? sendRaw(command.request)
        : tryConnect(command.host, command.port, command.timeoutMs, command.scopeInterface);
    void work.then((result) => {
      process.stdout.write(`${JSON.stringify({ id: command.id, result })}\n`);
      inFlight--;
      maybeExit();
    });
  });
  lines.on('close', () => {
    ended = true;
    maybeExit();
  });
}
