import { checkUdpPort } from '../model/checks';
import { Problem, ProblemList } from '../model/problems';
import {
  SRS_HOOK_EVENTS,
  srsAcceptsDirective,
  SrsConfig,
  SrsHookEvent,
  SrsLogLevel,
  SrsRtcCandidate,
  SrsTcpListen,
  SrsVhostConfig,
  validateSrsConfig,
} from '../model/srs-config';
import { compareSrsVersions, SrsVersion, SUPPORTED_SRS_MAJORS } from '../model/versions';
import { SrsDirective } from './srs-conf-syntax';

/**
 * Reads SRS's config syntax back into `SrsDirective`s, token by token as SRS itself does
 * (`SrsConfDirective::read_token` and `parse_conf` in srs_app_config.cpp, the same in 4.0, 5.0
 * and 6.0 up to 6.0.134):
 * - blanks are space, tab, CR and LF; only LF counts lines;
 * - a word ends at a blank, `;` or `{` (so `}` and `#` inside a word are part of it);
 * - `"` or `'` open a quote only at the start of a word; it runs to the same quote character,
 *   with no escapes, and must be followed by a blank, `;` or `{`;
 * - `#` starts a comment only where a word could start; it runs to the end of the line;
 * - a word that is empty (`""`) is dropped;
 * - `name args;` is a directive (zero or more args), `name args {` opens a block, `}` closes it.
 *
 * `include` is returned as an ordinary directive: the kit never reads other files.
 *
 * Given a `version` of 6.0.135 or later, a directive must also end on the line it starts on, as
 * SRS requires from that release on (SRS commit baf22d0, "make sure one directive token don't
 * span more than two lines"): a line break (LF or CR) after a directive's first word, even inside
 * a comment or a quote, is an error. Without a version, or for older releases, line breaks are
 * blanks like any other.
 */
export function parseSrsConf(text: string, version?: SrsVersion): SrsDirective[] {
  const singleLine =
    version !== undefined && compareSrsVersions(version, SRS_SINGLE_LINE_DIRECTIVES_SINCE) >= 0;
  const reader = new Reader(text, singleLine);
  return parseBlock(reader, undefined);
}

/** From this release on, SRS refuses a directive that spans lines. */
export const SRS_SINGLE_LINE_DIRECTIVES_SINCE: SrsVersion = { major: 6, minor: 0, patch: 135 };

/** A config text SRS would refuse to read; `line` is 1-based, as in SRS's own messages. */
export class SrsConfSyntaxError extends Error {
  constructor(
    public readonly line: number,
    public readonly found: string,
    public readonly expected: string,
  ) {
    super(`line ${line}: ${found}; expected ${expected}`);
    this.name = 'SrsConfSyntaxError';
  }
}

/** The line a parsed directive's name is on; undefined for directives that were not parsed from text. */
export function srsDirectiveLine(item: SrsDirective): number | undefined {
  return LINES.get(item);
}

const LINES = new WeakMap<SrsDirective, number>();

class Reader {
  pos = 0;
  line = 1;
  constructor(
    readonly text: string,
    readonly singleLine: boolean,
  ) {}
}

type StatementEnd = 'directive' | 'block-start' | 'block-end' | 'eof';

interface Statement {
  readonly words: string[];
  readonly line: number;
  readonly end: StatementEnd;
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function describeWords(words: readonly string[]): string {
  const text = words.join(' ');
  return text.length > 60 ? `"${text.slice(0, 57)}..."` : `"${text}"`;
}

/** One `read_token` call: the words of one statement and what ended it. */
function readStatement(reader: Reader): Statement {
  const { text } = reader;
  const words: string[] = [];
  let line = 0;
  let comment = false;
  let doubleQuoted = false;
  let singleQuoted = false;
  let needBlank = false;
  let lastBlank = true;
  let start = reader.pos;
  let quoteLine = 0;

  for (;;) {
    if (reader.pos >= text.length) {
      if (doubleQuoted || singleQuoted) {
        throw new SrsConfSyntaxError(
          reader.line,
          'unexpected end of file inside a quoted word',
          `the closing ${doubleQuoted ? '"' : "'"} of the quote opened on line ${quoteLine}`,
        );
      }
      if (words.length > 0 || !lastBlank) {
        const pending = lastBlank || needBlank ? words : [...words, text.slice(start)];
        throw new SrsConfSyntaxError(
          reader.line,
          `unexpected end of file after ${describeWords(pending)}`,
          "';' to end the directive, or '{' to open a block",
        );
      }
      return { words, line, end: 'eof' };
    }
    const ch = text[reader.pos++];
    const lineBreak = ch === '\n' || ch === '\r';
    if (ch === '\n') reader.line++;
    if (lineBreak) {
      comment = false;
      if (reader.singleLine && words.length > 0) {
        // A word this line break ends is part of the directive too (not a quote's inside).
        const inWord = !lastBlank && !needBlank && !doubleQuoted && !singleQuoted;
        throw lineBreakError(reader, ch, inWord ? [...words, text.slice(start, reader.pos - 1)] : words);
      }
    }
    if (comment) continue;

    if (needBlank) {
      if (isBlank(ch)) {
        lastBlank = true;
        needBlank = false;
        continue;
      }
      if (ch === ';') return { words, line, end: 'directive' };
      if (ch === '{') return { words, line, end: 'block-start' };
      throw new SrsConfSyntaxError(
        reader.line,
        `unexpected '${ch}' right after a closing quote`,
        "a blank, ';' or '{' after a quoted word (SRS has no escapes and no quotes inside words)",
      );
    }

    if (lastBlank) {
      if (isBlank(ch)) continue;
      start = reader.pos - 1;
      switch (ch) {
        case ';':
          if (words.length === 0) {
            throw new SrsConfSyntaxError(reader.line, "unexpected ';'", "a directive name before ';'");
          }
          return { words, line, end: 'directive' };
        case '{':
          if (words.length === 0) {
            throw new SrsConfSyntaxError(reader.line, "unexpected '{'", "a block name before '{'");
          }
          return { words, line, end: 'block-start' };
        case '}':
          if (words.length > 0) {
            throw new SrsConfSyntaxError(
              reader.line,
              `unexpected '}' after ${describeWords(words)}`,
              "';' to end that directive before the '}'",
            );
          }
          return { words, line: reader.line, end: 'block-end' };
        case '#':
          comment = true;
          continue;
        case '"':
        case "'":
          start++;
          if (ch === '"') doubleQuoted = true;
          else singleQuoted = true;
          quoteLine = reader.line;
          if (line === 0) line = reader.line;
          lastBlank = false;
          continue;
        default:
          if (line === 0) line = reader.line;
          lastBlank = false;
          continue;
      }
    }

    let wordEnds = false;
    if (doubleQuoted) {
      if (ch === '"') {
        doubleQuoted = false;
        needBlank = true;
        wordEnds = true;
      }
    } else if (singleQuoted) {
      if (ch === "'") {
        singleQuoted = false;
        needBlank = true;
        wordEnds = true;
      }
    } else if (isBlank(ch) || ch === ';' || ch === '{') {
      lastBlank = true;
      wordEnds = true;
    }
    if (wordEnds) {
      const word = text.slice(start, reader.pos - 1);
      if (word !== '') words.push(word);
      if (ch === ';') return { words, line, end: 'directive' };
      if (ch === '{') return { words, line, end: 'block-start' };
      if (reader.singleLine && lineBreak && words.length > 0) throw lineBreakError(reader, ch, words);
    }
  }
}

function lineBreakError(reader: Reader, ch: string, words: readonly string[]): SrsConfSyntaxError {
  return new SrsConfSyntaxError(
    ch === '\n' ? reader.line - 1 : reader.line,
    `line break inside the directive ${describeWords(words)}`,
    "';' or '{' before the end of the line (SRS 6.0.135+ does not let a directive span lines)",
  );
}

/** One `parse_conf` call: the directives of the file (`owner` undefined) or of one block. */
function parseBlock(
  reader: Reader,
  owner: { words: readonly string[]; line: number } | undefined,
): SrsDirective[] {
  const items: SrsDirective[] = [];
  for (;;) {
    const statement = readStatement(reader);
    if (statement.end === 'block-end') {
      if (owner === undefined) {
        throw new SrsConfSyntaxError(
          statement.line,
          "unexpected '}'",
          "no '}' without a block opened by '{'",
        );
      }
      return items;
    }
    if (statement.end === 'eof') {
      if (owner !== undefined) {
        throw new SrsConfSyntaxError(
          reader.line,
          `unexpected end of file inside the block ${describeWords(owner.words)} opened on line ${owner.line}`,
          "'}' to close that block",
        );
      }
      return items;
    }
    if (statement.words.length === 0) {
      // Only `"" ;` or `"" {` get here: the empty word was dropped.
      throw new SrsConfSyntaxError(
        statement.line,
        'empty directive (its only word was an empty quote)',
        'a directive name',
      );
    }
    const [name, ...args] = statement.words;
    let item: SrsDirective;
    if (statement.end === 'block-start') {
      item = { name, args, children: parseBlock(reader, statement) };
    } else {
      item = { name, args };
    }
    LINES.set(item, statement.line);
    items.push(item);
  }
}

// ---------------------------------------------------------------------------------------------
// Directives -> the typed model
// ---------------------------------------------------------------------------------------------

/** What mapping directives back to the model gives: the model only when nothing is wrong. */
export interface SrsConfigParseResult {
  /** Present exactly when `problems` is empty. */
  readonly config?: SrsConfig;
  /** Every problem: syntax, directives the model cannot hold, then the model's own validation. */
  readonly problems: Problem[];
}

/** srs.conf text -> the typed model, with every problem of the text (syntax, mapping, validation). */
export function parseSrsConfig(text: string, version: SrsVersion): SrsConfigParseResult {
  let directives: SrsDirective[];
  try {
    directives = parseSrsConf(text, version);
  } catch (error) {
    if (!(error instanceof SrsConfSyntaxError)) throw error;
    return {
      problems: [
        {
          path: `srs.conf line ${error.line}`,
          value: error.found,
          expected: error.expected,
          fix: 'correct the syntax: SRS refuses to start with this file',
        },
      ],
    };
  }
  return directivesToSrsConfig(directives, version);
}

/** How SRS reads a boolean directive: only `on` is true, or everything but `off` is true. */
export type SrsBooleanReading = 'on-only' | 'unless-off';

/**
 * Every boolean directive the model maps, by directive path, with how SRS 5 and 6 read it from the
 * file (`SRS_CONF_PERFER_FALSE` = only `on`; `SRS_CONF_PERFER_TRUE` = all but `off`). The same
 * split shows in env-names.txt as BOOL and BOOL2; a test holds the two together.
 */
export const SRS_BOOLEAN_DIRECTIVES: Readonly<Record<string, SrsBooleanReading>> = {
  'http_api.enabled': 'on-only',
  'http_api.crossdomain': 'unless-off',
  'http_api.raw_api.enabled': 'on-only',
  'http_api.raw_api.allow_reload': 'on-only',
  'http_api.auth.enabled': 'on-only',
  'http_server.enabled': 'on-only',
  'http_server.crossdomain': 'unless-off',
  'rtc_server.enabled': 'on-only',
  'srt_server.enabled': 'on-only',
  'vhost.hls.enabled': 'on-only',
  'vhost.http_remux.enabled': 'on-only',
  'vhost.rtc.enabled': 'on-only',
  'vhost.rtc.rtmp_to_rtc': 'on-only',
  'vhost.rtc.rtc_to_rtmp': 'on-only',
  'vhost.srt.enabled': 'on-only',
  'vhost.srt.srt_to_rtmp': 'on-only',
  'vhost.http_hooks.enabled': 'on-only',
  daemon: 'unless-off',
};

const DIGITS = /^\d+$/;
/** What JavaScript's String(number) writes for a positive finite number, and what SRS's atof reads. */
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** Collects mapping problems, where each model field came from, and which fields are already reported. */
class Mapping {
  readonly problems = new ProblemList();
  /** Model paths (prefixes) whose value is a placeholder: the model's own check would only repeat the problem. */
  readonly reported: string[] = [];
  /** Model path -> the directive it came from, to point validation problems at the file. */
  readonly origins = new Map<string, string>();

  report(modelPath: string, where: string, value: unknown, expected: string, fix: string): void {
    this.problems.add(where, value, expected, fix);
    this.reported.push(modelPath);
  }
}

/** A block's children, taken by name; whatever is left at the end is reported as unknown. */
class Block {
  private readonly taken = new Set<SrsDirective>();

  constructor(
    private readonly mapping: Mapping,
    /** Directive path of the block for messages, e.g. `http_api` or `vhost[__defaultVhost__].hls`; '' for the file. */
    readonly path: string,
    /** The same without vhost names, e.g. `vhost.hls`. */
    readonly generic: string,
    readonly items: readonly SrsDirective[],
  ) {}

  /** `http_api.listen (line 3)`: where a child directive is (or would be, when `item` is missing). */
  where(item: SrsDirective | undefined, name: string): string {
    const path = this.path === '' ? name : `${this.path}.${name}`;
    const line = item === undefined ? undefined : srsDirectiveLine(item);
    return line === undefined ? path : `${path} (line ${line})`;
  }

  /** The first directive of this name (SRS reads only the first); later ones are reported. */
  take(name: string): SrsDirective | undefined {
    const matches = this.items.filter((item) => item.name === name);
    matches.forEach((item) => this.taken.add(item));
    for (const extra of matches.slice(1)) {
      const first = srsDirectiveLine(matches[0]);
      this.mapping.problems.add(
        this.where(extra, name),
        valueOf(extra),
        `one ${name} directive in ${this.path === '' ? 'the file' : this.path}`,
        `remove the duplicate: SRS reads only the first ${name}${first === undefined ? '' : ` (line ${first})`} and silently ignores this one`,
      );
    }
    return matches[0];
  }

  /** Every directive of this name (for `vhost`). */
  takeAll(name: string): SrsDirective[] {
    const matches = this.items.filter((item) => item.name === name);
    matches.forEach((item) => this.taken.add(item));
    return matches;
  }

  /** Reports every directive nobody took: the model has no place for it. */
  finish(known: readonly string[]): void {
    for (const item of this.items) {
      if (this.taken.has(item)) continue;
      this.mapping.problems.add(
        this.where(item, item.name),
        valueOf(item),
        `a directive the kit's model holds here: ${known.join(', ')}`,
        `remove ${item.name}: the kit would drop it, so the file would not mean what it says (or extend the model in lib/model/srs-config.ts)`,
      );
    }
  }

  /** A child block, or undefined (reported) when it is missing or written as `name args;`. */
  block(name: string, modelPath: string): Block | undefined {
    const item = this.take(name);
    const where = this.where(item, name);
    if (item === undefined || item.children === undefined || item.args.length > 0) {
      this.mapping.report(
        modelPath,
        where,
        item === undefined ? undefined : valueOf(item),
        `a block \`${name} { ... }\``,
        `write \`${name} { ... }\` with the directives the kit renders there (see docs/srs-config-model.md)`,
      );
      return undefined;
    }
    this.mapping.origins.set(modelPath, where);
    return this.child(name, item.children);
  }

  child(name: string, items: readonly SrsDirective[], label = name): Block {
    const join = (a: string, b: string) => (a === '' ? b : `${a}.${b}`);
    return new Block(this.mapping, join(this.path, label), join(this.generic, name), items);
  }

  /**
   * The one argument of `name arg;`, with where it is; undefined (reported) when the directive is
   * missing, is a block, or has not exactly one argument. `many` says what SRS does with several.
   */
  one(
    name: string,
    modelPath: string,
    what: string,
    many = 'SRS reads only the first and ignores the rest',
  ): { value: string; where: string } | undefined {
    const item = this.take(name);
    const where = this.where(item, name);
    if (item === undefined) {
      this.mapping.report(
        modelPath,
        where,
        undefined,
        `a \`${name}\` directive (${what})`,
        `add \`${name} ...;\`: the kit's model holds every value explicitly`,
      );
      return undefined;
    }
    if (item.children !== undefined || item.args.length !== 1) {
      this.mapping.report(
        modelPath,
        where,
        valueOf(item),
        `exactly one value (${what})${item.children !== undefined ? ', not a block' : ''}`,
        item.args.length > 1 ? `keep one value: ${many}` : `write \`${name} <value>;\``,
      );
      return undefined;
    }
    this.mapping.origins.set(modelPath, where);
    return { value: item.args[0], where };
  }

  text(name: string, modelPath: string, what: string): string | undefined {
    return this.one(name, modelPath, what)?.value;
  }

  bool(name: string, modelPath: string): boolean {
    const generic = this.generic === '' ? name : `${this.generic}.${name}`;
    const reading = SRS_BOOLEAN_DIRECTIVES[generic];
    if (reading === undefined) throw new Error(`no boolean reading known for ${generic}`);
    const found = this.one(name, modelPath, 'on or off');
    if (found === undefined) return false;
    const { value, where } = found;
    if (value === 'on') return true;
    if (value === 'off') return false;
    const onOnly = reading === 'on-only';
    this.mapping.report(
      modelPath,
      where,
      value,
      'on or off',
      `write on or off: SRS would treat \`${value}\` as ${onOnly ? 'off' : 'on'} (for ${name} here it reads ${
        onOnly ? 'only the literal `on` as true' : 'everything but the literal `off` as true'
      }), and \`srs -t\` does not complain`,
    );
    // The placeholder is what SRS would make of it.
    return !onOnly;
  }

  /** A directive whose value the kit fixes (`daemon off`, `srs_log_tank console`, raw_api off). */
  fixed(name: string, expected: string, why: string, optional = false): void {
    const item = this.take(name);
    if (item === undefined && optional) return;
    if (
      item === undefined ||
      item.children !== undefined ||
      item.args.length !== 1 ||
      item.args[0] !== expected
    ) {
      this.mapping.problems.add(
        this.where(item, name),
        item === undefined ? undefined : valueOf(item),
        `\`${name} ${expected};\``,
        `write \`${name} ${expected};\`: ${why}`,
      );
    }
  }

  whole(name: string, modelPath: string, what: string): number {
    const found = this.one(name, modelPath, what);
    if (found === undefined) return 0;
    if (DIGITS.test(found.value)) return Number(found.value);
    this.mapping.report(
      modelPath,
      found.where,
      found.value,
      `${what}, written as digits`,
      `write digits only: SRS reads it with atoi, so \`${found.value}\` would silently become ${atoi(found.value)}`,
    );
    return 0;
  }

  decimal(name: string, modelPath: string, what: string): number {
    const found = this.one(name, modelPath, what);
    if (found === undefined) return 0;
    if (DECIMAL.test(found.value)) return Number(found.value);
    this.mapping.report(
      modelPath,
      found.where,
      found.value,
      `${what}, written as a decimal number such as 2 or 0.5`,
      `write a plain number: SRS reads it with atof, so \`${found.value}\` would silently become ${atof(found.value)}`,
    );
    return 0;
  }

  /** `listen ip:port` (or a port alone, which SRS binds on any address) for a TCP listener. */
  tcpListen(modelPath: string, what: string, many?: string): SrsTcpListen {
    const found = this.one('listen', modelPath, `ip:port of the ${what}`, many);
    const placeholder = { ip: '0.0.0.0', port: 0 };
    if (found === undefined) return placeholder;
    const { value, where } = found;
    // As srs_parse_endpoint: split at the last ':'; `[v6]:port` loses its brackets; no ':' means any address.
    const colon = value.lastIndexOf(':');
    let ip = colon < 0 ? '0.0.0.0' : value.slice(0, colon);
    if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
    const port = colon < 0 ? value : value.slice(colon + 1);
    if (!DIGITS.test(port)) {
      this.mapping.report(
        modelPath,
        where,
        value,
        `ip:port of the ${what} with a numeric port, e.g. 0.0.0.0:1985`,
        `write the port as digits: SRS reads \`${value}\` as port ${atoi(port)}, \`srs -t\` passes and the ${what} silently does not listen`,
      );
      return placeholder;
    }
    return { ip, port: Number(port) };
  }

  /** `listen port` for a UDP listener: SRS takes a port only. */
  udpListen(modelPath: string, what: string): number {
    const found = this.one('listen', modelPath, `the UDP port of the ${what}`);
    if (found === undefined) return 0;
    if (DIGITS.test(found.value)) return Number(found.value);
    const problems = new ProblemList();
    checkUdpPort(problems, modelPath, found.value);
    for (const problem of problems.problems) {
      this.mapping.report(modelPath, found.where, problem.value, problem.expected, problem.fix);
    }
    return 0;
  }
}

/** A directive's arguments as a problem value: the word itself when there is one. */
function valueOf(item: SrsDirective): unknown {
  return item.args.length === 1 ? item.args[0] : item.args;
}

/** What C's atoi would make of the text (leading blanks, sign, digits; else 0). */
function atoi(text: string): number {
  const match = /^[ \t]*([+-]?\d+)/.exec(text);
  return match ? Number.parseInt(match[1], 10) : 0;
}

function atof(text: string): number {
  const value = Number.parseFloat(text);
  return Number.isNaN(value) ? 0 : value;
}

const ROOT_DIRECTIVES = [
  'listen',
  'max_connections',
  'daemon',
  'srs_log_tank',
  'srs_log_level',
  'http_api',
  'http_server',
  'rtc_server',
  'srt_server',
  'vhost',
];

/**
 * Directives -> the typed model: the inverse of `srsConfigToDirectives`. Every directive the model
 * cannot hold, every value SRS would read differently from how it looks, and every problem
 * `validateSrsConfig` finds comes back as a Problem; `config` is present only when there is none.
 * Problems about a directive name it (`http_api.listen (line 3)`); validation problems name the
 * model field and the directive it came from (`srs.httpApi.listen.ip (http_api.listen, line 3)`).
 */
export function directivesToSrsConfig(
  directives: readonly SrsDirective[],
  version: SrsVersion,
): SrsConfigParseResult {
  const mapping = new Mapping();
  const root = new Block(mapping, '', '', directives);
  const at = 'srs';

  const rtmpListen = root.tcpListen(
    `${at}.rtmp.listen`,
    'RTMP listener',
    'the model holds one RTMP listener (SRS would listen on each)',
  );
  const maxConnections = root.whole('max_connections', `${at}.rtmp.maxConnections`, 'the connection limit');
  root.fixed('daemon', 'off', 'SRS runs in the foreground of its container');
  root.fixed('srs_log_tank', 'console', 'the kit sends SRS logs to the container log');
  const logLevel = (root.text('srs_log_level', `${at}.logLevel`, 'the log level') ?? 'trace') as SrsLogLevel;

  const httpApi = readHttpApi(root, mapping, at);

  const http = root.block('http_server', `${at}.httpServer`);
  const httpServer = {
    enabled: http?.bool('enabled', `${at}.httpServer.enabled`) ?? false,
    listen: http?.tcpListen(`${at}.httpServer.listen`, 'HTTP server') ?? { ip: '0.0.0.0', port: 0 },
    dir: http?.text('dir', `${at}.httpServer.dir`, 'the directory served') ?? '',
    crossdomain: http?.bool('crossdomain', `${at}.httpServer.crossdomain`) ?? false,
  };
  http?.finish(['enabled', 'listen', 'dir', 'crossdomain']);

  const rtc = root.block('rtc_server', `${at}.rtcServer`);
  const candidateText = rtc?.text('candidate', `${at}.rtcServer.candidate`, 'the address WebRTC clients use');
  const candidate: SrsRtcCandidate =
    candidateText !== undefined && candidateText.startsWith('$')
      ? { kind: 'env', variable: candidateText.slice(1) }
      : { kind: 'address', address: candidateText ?? '' };
  const rtcServer = {
    enabled: rtc?.bool('enabled', `${at}.rtcServer.enabled`) ?? false,
    udpPort: rtc?.udpListen(`${at}.rtcServer.udpPort`, 'WebRTC server') ?? 0,
    candidate,
  };
  rtc?.finish(['enabled', 'listen', 'candidate']);

  const srt = root.block('srt_server', `${at}.srtServer`);
  const srtServer = {
    enabled: srt?.bool('enabled', `${at}.srtServer.enabled`) ?? false,
    udpPort: srt?.udpListen(`${at}.srtServer.udpPort`, 'SRT server') ?? 0,
  };
  srt?.finish(['enabled', 'listen']);

  const vhosts = root
    .takeAll('vhost')
    .map((item, index) => readVhost(root, mapping, item, `${at}.vhosts[${index}]`, version));
  root.finish(ROOT_DIRECTIVES);

  const config: SrsConfig = {
    version,
    rtmp: { listen: rtmpListen, maxConnections },
    logLevel,
    httpApi,
    httpServer,
    rtcServer,
    srtServer,
    vhosts,
  };

  const validation = validateSrsConfig(config, at)
    .filter((problem) => !mapping.reported.some((path) => isWithin(problem.path, path)))
    .map((problem) => locate(problem, mapping.origins));
  const problems = [...mapping.problems.problems, ...validation];
  return problems.length === 0 ? { config, problems } : { problems };
}

function readHttpApi(root: Block, mapping: Mapping, at: string): SrsConfig['httpApi'] {
  const api = root.block('http_api', `${at}.httpApi`);
  const enabled = api?.bool('enabled', `${at}.httpApi.enabled`) ?? false;
  const listen = api?.tcpListen(`${at}.httpApi.listen`, 'HTTP API') ?? { ip: '0.0.0.0', port: 0 };
  const crossdomain = api?.bool('crossdomain', `${at}.httpApi.crossdomain`) ?? false;
  // raw_api lets API callers rewrite the config; the model always has it off (SRS's default).
  const raw = api?.take('raw_api');
  if (raw !== undefined) {
    if (raw.children === undefined || raw.args.length > 0) {
      mapping.problems.add(
        api!.where(raw, 'raw_api'),
        raw.args,
        'a block `raw_api { enabled off; allow_reload off; }`',
        'write raw_api as a block with both switches off, or leave it out',
      );
    } else {
      const block = api!.child('raw_api', raw.children);
      const why = 'the raw API would let any API caller rewrite and reload the config';
      block.fixed('enabled', 'off', why, true);
      block.fixed('allow_reload', 'off', why, true);
      block.finish(['enabled', 'allow_reload']);
    }
  }
  let auth = { enabled: false, username: '' };
  const authItem = api?.items.find((item) => item.name === 'auth');
  if (authItem !== undefined) {
    const block = api!.block('auth', `${at}.httpApi.auth`);
    if (block !== undefined) {
      const authEnabled = block.bool('enabled', `${at}.httpApi.auth.enabled`);
      const usernameItem = block.items.find((item) => item.name === 'username');
      // A missing username is left to validateSrsConfig, which names the `-u :` trap.
      const username =
        usernameItem === undefined
          ? ''
          : (block.text('username', `${at}.httpApi.auth.username`, 'the API user') ?? '');
      const password = block.take('password');
      if (password !== undefined) {
        mapping.problems.add(
          block.where(password, 'password'),
          '<redacted>',
          'no password in srs.conf',
          'remove it: the kit passes the password as SRS_HTTP_API_AUTH_PASSWORD so that no rendered file holds it',
        );
      }
      block.finish(['enabled', 'username']);
      auth = { enabled: authEnabled, username };
    }
  }
  api?.finish(['enabled', 'listen', 'crossdomain', 'raw_api', 'auth']);
  return { enabled, listen, crossdomain, auth };
}

function readVhost(
  root: Block,
  mapping: Mapping,
  item: SrsDirective,
  at: string,
  version: SrsVersion,
): SrsVhostConfig {
  const name = item.args.length === 1 ? item.args[0] : '';
  const label = `vhost[${item.args.join(' ')}]`;
  if (item.children === undefined || item.args.length !== 1) {
    mapping.report(
      `${at}.name`,
      root.where(item, 'vhost'),
      item.args,
      'a block `vhost <name> { ... }` with exactly one name',
      `write \`vhost __defaultVhost__ { ... }\` or \`vhost live.example.com { ... }\``,
    );
  } else {
    mapping.origins.set(at, root.where(item, 'vhost'));
  }
  const vhost = root.child('vhost', item.children ?? [], label);

  const hlsBlock = vhost.block('hls', `${at}.hls`);
  const hls = {
    enabled: hlsBlock?.bool('enabled', `${at}.hls.enabled`) ?? false,
    fragmentSeconds:
      hlsBlock?.decimal('hls_fragment', `${at}.hls.fragmentSeconds`, 'seconds per fragment') ?? 0,
    windowSeconds: hlsBlock?.decimal('hls_window', `${at}.hls.windowSeconds`, 'seconds of playlist') ?? 0,
    path: hlsBlock?.text('hls_path', `${at}.hls.path`, 'the directory HLS files go to') ?? '',
  };
  hlsBlock?.finish(['enabled', 'hls_fragment', 'hls_window', 'hls_path']);

  const remuxBlock = vhost.block('http_remux', `${at}.httpRemux`);
  const httpRemux = {
    enabled: remuxBlock?.bool('enabled', `${at}.httpRemux.enabled`) ?? false,
    mount: remuxBlock?.text('mount', `${at}.httpRemux.mount`, 'the mount pattern') ?? '',
  };
  remuxBlock?.finish(['enabled', 'mount']);

  // Directives the release does not have are absent from a valid file (SRS would refuse them):
  // their model values are off, and a file that has them gets an unknown-directive problem.
  // For an unsupported major (reported once as srs.version) nothing is gated.
  const has = (path: string) =>
    !SUPPORTED_SRS_MAJORS.includes(version.major) || srsAcceptsDirective(version, path);
  const rtcBlock = vhost.block('rtc', `${at}.rtc`);
  const rtcKnown = ['enabled', 'rtmp_to_rtc', 'rtc_to_rtmp'].filter((name) => has(`vhost.rtc.${name}`));
  const rtc = {
    enabled: rtcBlock?.bool('enabled', `${at}.rtc.enabled`) ?? false,
    rtmpToRtc:
      (has('vhost.rtc.rtmp_to_rtc') && rtcBlock?.bool('rtmp_to_rtc', `${at}.rtc.rtmpToRtc`)) || false,
    rtcToRtmp:
      (has('vhost.rtc.rtc_to_rtmp') && rtcBlock?.bool('rtc_to_rtmp', `${at}.rtc.rtcToRtmp`)) || false,
  };
  rtcBlock?.finish(rtcKnown);

  const srtBlock = has('vhost.srt') ? vhost.block('srt', `${at}.srt`) : undefined;
  const srt = {
    enabled: srtBlock?.bool('enabled', `${at}.srt.enabled`) ?? false,
    srtToRtmp: srtBlock?.bool('srt_to_rtmp', `${at}.srt.srtToRtmp`) ?? false,
  };
  srtBlock?.finish(['enabled', 'srt_to_rtmp']);

  const hooksBlock = vhost.block('http_hooks', `${at}.hooks`);
  const urls: Partial<Record<SrsHookEvent, readonly string[]>> = {};
  if (hooksBlock !== undefined) {
    for (const event of SRS_HOOK_EVENTS) {
      const hook = hooksBlock.take(event);
      if (hook === undefined) continue;
      const where = hooksBlock.where(hook, event);
      if (hook.children !== undefined || hook.args.length === 0) {
        mapping.report(
          `${at}.hooks.urls.${event}`,
          where,
          hook.args,
          `\`${event} <url> [<url> ...];\` with at least one URL`,
          `give the token service URL, or remove ${event}`,
        );
        continue;
      }
      urls[event] = hook.args;
      mapping.origins.set(`${at}.hooks.urls.${event}`, where);
    }
  }
  const hooks = {
    enabled: hooksBlock?.bool('enabled', `${at}.hooks.enabled`) ?? false,
    urls,
  };
  hooksBlock?.finish(['enabled', ...SRS_HOOK_EVENTS]);

  vhost.finish(['hls', 'http_remux', 'rtc', ...(has('vhost.srt') ? ['srt'] : []), 'http_hooks']);
  return { name, hls, httpRemux, rtc, srt, hooks };
}

/** True when `path` is `prefix` or a field or element below it. */
function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** Adds the directive a validation problem's field came from, e.g. `(http_api.listen, line 3)`. */
function locate(problem: Problem, origins: ReadonlyMap<string, string>): Problem {
  let best: string | undefined;
  for (const path of origins.keys()) {
    if (isWithin(problem.path, path) && (best === undefined || path.length > best.length)) best = path;
  }
  if (best === undefined) return problem;
  const origin = origins.get(best)!.replace(/ \(line (\d+)\)$/, ', line $1');
  return { ...problem, path: `${problem.path} (${origin})` };
}
