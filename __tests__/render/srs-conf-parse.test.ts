import { STAGING_SRS_CONFIG } from '../support/srs-config-fixtures';
import { SrsConfig } from '../../lib/model/srs-config';
import { SrsVersion } from '../../lib/model/versions';
import {
  directivesToSrsConfig,
  parseSrsConf,
  parseSrsConfig,
  SrsConfSyntaxError,
  srsDirectiveLine,
} from '../../lib/render/srs-conf-parse';
import { block, directive } from '../../lib/render/srs-conf-syntax';
import { renderSrsConfig, srsConfigToDirectives } from '../../lib/render/srs-config';

const V5: SrsVersion = { major: 5, minor: 0, patch: 213 };

/** The kit's default staging model (what resolveEnvironment({ name: 'staging' }) gives). */
const staging: SrsConfig = STAGING_SRS_CONFIG;

const STAGING_CONF = renderSrsConfig(staging);

/** The staging srs.conf with one line replaced (the line must exist). */
function edit(from: string | RegExp, to: string, text = STAGING_CONF): string {
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`test setup: ${String(from)} not found`);
  return edited;
}

function syntaxError(text: string): SrsConfSyntaxError {
  try {
    parseSrsConf(text);
  } catch (error) {
    if (error instanceof SrsConfSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('parseSrsConf: SRS tokenizer rules', () => {
  test('directives, blocks, several arguments and zero-argument directives', () => {
    expect(parseSrsConf('listen 1935;\nvhost a.b { re; on_play http://a http://b; }\n')).toEqual([
      directive('listen', 1935),
      block('vhost', ['a.b'], [directive('re'), directive('on_play', 'http://a', 'http://b')]),
    ]);
  });

  test('words end at blanks (space, tab, CR, LF), `;` and `{`, but not at `}`', () => {
    expect(parseSrsConf('a\tb\r\nc;d{e f}; }')).toEqual([
      directive('a', 'b', 'c'),
      block('d', [], [directive('e', 'f}')]),
    ]);
  });

  test('`#` starts a comment only at the start of a word', () => {
    expect(parseSrsConf('# head\non_publish http://x/#a b#c; # tail { ; }\nx #y\n z;')).toEqual([
      directive('on_publish', 'http://x/#a', 'b#c'),
      directive('x', 'z'),
    ]);
  });

  test('quotes count only at the start of a word, run to the same quote, and have no escapes', () => {
    expect(parseSrsConf(`a "b c;{}#" 'd"e' f"g' "h\\";`)).toEqual([
      directive('a', 'b c;{}#', 'd"e', 'f"g\'', 'h\\'),
    ]);
    expect(parseSrsConf(`v 'multi\nline';`)).toEqual([directive('v', 'multi\nline')]);
  });

  test('a quoted word may be followed by `;` or `{` right away', () => {
    expect(parseSrsConf(`a "b";c 'd'{}`)).toEqual([directive('a', 'b'), block('c', ['d'], [])]);
  });

  test('empty quoted words are dropped', () => {
    expect(parseSrsConf(`a "" b '';`)).toEqual([directive('a', 'b')]);
    expect(parseSrsConf(`"" a;`)).toEqual([directive('a')]);
  });

  test('each directive remembers the line of its name', () => {
    const [first, second] = parseSrsConf('# comment\n\nlisten\n  1935;\nhttp_api {\n  enabled on;\n}\n');
    expect(srsDirectiveLine(first)).toBe(3);
    expect(srsDirectiveLine(second)).toBe(5);
    expect(srsDirectiveLine(second.children![0])).toBe(6);
    expect(srsDirectiveLine(directive('listen', 1935))).toBeUndefined();
  });

  test('an empty file or one with only comments has no directives', () => {
    expect(parseSrsConf('')).toEqual([]);
    expect(parseSrsConf('  # nothing\n\t\n')).toEqual([]);
  });
});

describe('parseSrsConf: SRS 6.0.135+ ends a directive at the end of its line', () => {
  const V6 = { major: 6, minor: 0, patch: 155 };
  const lineBreak = (line: number, words: string) => ({
    line,
    found: `line break inside the directive "${words}"`,
    expected: "';' or '{' before the end of the line (SRS 6.0.135+ does not let a directive span lines)",
  });
  const error = (text: string, version = V6) => {
    try {
      parseSrsConf(text, version);
    } catch (e) {
      if (e instanceof SrsConfSyntaxError) return { line: e.line, found: e.found, expected: e.expected };
      throw e;
    }
    return undefined;
  };

  test.each([
    ['listen 1935\nmax_connections 1000;', 1, 'listen 1935'],
    ['a;\nb\n  c;', 2, 'b'],
    ['a;\nb c\r\n;', 2, 'b c'],
    ["a 'b\nc';", 1, 'a'],
    ['a # a comment\n;', 1, 'a'],
    ['vhost x\n{ }', 1, 'vhost x'],
  ])('%j', (text, line, words) => {
    expect(error(text)).toEqual(lineBreak(line, words));
    // The same text is fine for 6.0.134 and SRS 5: there a line break is a blank.
    expect(error(text, { major: 6, minor: 0, patch: 134 })).toBeUndefined();
    expect(error(text, V5)).toBeUndefined();
  });

  test('line breaks between directives, CRLF files and a multi-line first word are fine', () => {
    expect(parseSrsConf('a;\r\nb {\r\n  c on;\r\n}\r\n# x\r\n', V6)).toEqual([
      directive('a'),
      block('b', [], [directive('c', 'on')]),
    ]);
    expect(parseSrsConf("'b\nc' d;", V6)).toEqual([directive('b\nc', 'd')]);
  });

  test('parseSrsConfig applies the rule of the release it is given', () => {
    const text = edit('daemon off;', 'daemon\n    off;');
    expect(parseSrsConfig(text, V5).problems).toEqual([]);
    expect(parseSrsConfig(text, V6).problems).toEqual([
      {
        path: 'srs.conf line 3',
        value: 'line break inside the directive "daemon"',
        expected: "';' or '{' before the end of the line (SRS 6.0.135+ does not let a directive span lines)",
        fix: 'correct the syntax: SRS refuses to start with this file',
      },
    ]);
  });
});

describe('parseSrsConf: errors name the line and what was expected', () => {
  test.each([
    ['a;\n;', 2, "unexpected ';'", "a directive name before ';'"],
    ['{ a; }', 1, "unexpected '{'", "a block name before '{'"],
    ['a {\n  b c\n}', 3, `unexpected '}' after "b c"`, "';' to end that directive before the '}'"],
    ['a;\n}', 2, "unexpected '}'", "no '}' without a block opened by '{'"],
    [
      'a;\nvhost x {\n  b;\n',
      4,
      'unexpected end of file inside the block "vhost x" opened on line 2',
      "'}' to close that block",
    ],
    [
      'a;\nlisten 1935',
      2,
      'unexpected end of file after "listen 1935"',
      "';' to end the directive, or '{' to open a block",
    ],
    [
      'a "b;\n',
      2,
      'unexpected end of file inside a quoted word',
      'the closing " of the quote opened on line 1',
    ],
    [
      'a\n"b"c;',
      2,
      "unexpected 'c' right after a closing quote",
      "a blank, ';' or '{' after a quoted word (SRS has no escapes and no quotes inside words)",
    ],
    ['a;\n"";', 2, 'empty directive (its only word was an empty quote)', 'a directive name'],
  ])('%j', (text, line, found, expected) => {
    const error = syntaxError(text);
    expect({ line: error.line, found: error.found, expected: error.expected }).toEqual({
      line,
      found,
      expected,
    });
    expect(error.message).toBe(`line ${line}: ${found}; expected ${expected}`);
  });

  test('parseSrsConfig turns a syntax error into a problem', () => {
    expect(parseSrsConfig('daemon off;\nhttp_api {\n', V5)).toEqual({
      problems: [
        {
          path: 'srs.conf line 3',
          value: 'unexpected end of file inside the block "http_api" opened on line 2',
          expected: "'}' to close that block",
          fix: 'correct the syntax: SRS refuses to start with this file',
        },
      ],
    });
  });
});

describe('directivesToSrsConfig / parseSrsConfig', () => {
  test('the staging srs.conf maps back to the staging model', () => {
    expect(parseSrsConfig(STAGING_CONF, V5)).toEqual({ config: staging, problems: [] });
    expect(directivesToSrsConfig(srsConfigToDirectives(staging), V5)).toEqual({
      config: staging,
      problems: [],
    });
  });

  test('the version comes from the caller and is validated', () => {
    const v6 = { major: 6, minor: 0, patch: 155 };
    expect(parseSrsConfig(STAGING_CONF, v6).config?.version).toEqual(v6);
    expect(
      parseSrsConfig(STAGING_CONF, { major: 3, minor: 0, patch: 1 }).problems.map((p) => p.path),
    ).toEqual(['srs.version']);
  });

  test('a port alone means any address, as in SRS (docker.conf writes `listen 1985;`)', () => {
    const { config } = parseSrsConfig(edit('listen 127.0.0.1:1986;', 'listen 1986;'), V5);
    expect(config?.httpApi.listen).toEqual({ ip: '0.0.0.0', port: 1986 });
  });

  test('`candidate $NAME;` is the env-variable candidate', () => {
    const { config } = parseSrsConfig(edit('candidate 127.0.0.1;', 'candidate $CANDIDATE;'), V5);
    expect(config?.rtcServer.candidate).toEqual({ kind: 'env', variable: 'CANDIDATE' });
  });

  test('auth and hooks map back', () => {
    const text = edit(
      /http_hooks \{\n(\s+)enabled off;/,
      'http_hooks {\n$1enabled on;\n$1on_publish http://a:8085/p http://b/p;\n$1on_play http://a:8085/q;',
      edit(
        '    }\n}\nhttp_server',
        '    }\n    auth {\n        enabled on;\n        username ops;\n    }\n}\nhttp_server',
      ),
    );
    const { config, problems } = parseSrsConfig(text, V5);
    expect(problems).toEqual([]);
    expect(config?.httpApi.auth).toEqual({ enabled: true, username: 'ops' });
    expect(config?.vhosts[0].hooks).toEqual({
      enabled: true,
      urls: { on_publish: ['http://a:8085/p', 'http://b/p'], on_play: ['http://a:8085/q'] },
    });
  });

  test('directives the model cannot hold are problems, not silently dropped', () => {
    const text = edit(
      'max_connections 1000;',
      'max_connections 1000;\npid ./objs/srs.pid;\ninclude more.conf;',
    );
    expect(parseSrsConfig(text, V5).problems).toEqual([
      {
        path: 'pid (line 3)',
        value: './objs/srs.pid',
        expected:
          "a directive the kit's model holds here: listen, max_connections, daemon, srs_log_tank, srs_log_level, http_api, http_server, rtc_server, srt_server, vhost",
        fix: 'remove pid: the kit would drop it, so the file would not mean what it says (or extend the model in lib/model/srs-config.ts)',
      },
      {
        path: 'include (line 4)',
        value: 'more.conf',
        expected:
          "a directive the kit's model holds here: listen, max_connections, daemon, srs_log_tank, srs_log_level, http_api, http_server, rtc_server, srt_server, vhost",
        fix: 'remove include: the kit would drop it, so the file would not mean what it says (or extend the model in lib/model/srs-config.ts)',
      },
    ]);
  });

  test('unknown directives inside blocks name their block and vhost', () => {
    const text = edit(
      /http_hooks \{\n(\s+)enabled off;/,
      'http_hooks {\n$1enabled off;\n$1on_hls_notify http://x/;',
    );
    expect(parseSrsConfig(text, V5).problems).toEqual([
      {
        path: 'vhost[__defaultVhost__].http_hooks.on_hls_notify (line 52)',
        value: 'http://x/',
        expected:
          "a directive the kit's model holds here: enabled, on_connect, on_close, on_publish, on_unpublish, on_play, on_stop, on_dvr, on_hls",
        fix: 'remove on_hls_notify: the kit would drop it, so the file would not mean what it says (or extend the model in lib/model/srs-config.ts)',
      },
    ]);
  });

  test('a duplicate directive is a problem: SRS reads only the first', () => {
    expect(
      parseSrsConfig(edit('max_connections 1000;', 'max_connections 1000;\nmax_connections 2000;'), V5)
        .problems,
    ).toEqual([
      {
        path: 'max_connections (line 3)',
        value: '2000',
        expected: 'one max_connections directive in the file',
        fix: 'remove the duplicate: SRS reads only the first max_connections (line 2) and silently ignores this one',
      },
    ]);
  });

  test('missing directives and blocks are problems: the model holds every value explicitly', () => {
    const text = edit(/ {4}srt \{\n.*\n.*\n {4}\}\n/, '', edit('srs_log_level trace;\n', ''));
    expect(parseSrsConfig(text, V5).problems).toEqual([
      {
        path: 'srs_log_level',
        value: undefined,
        expected: 'a `srs_log_level` directive (the log level)',
        fix: "add `srs_log_level ...;`: the kit's model holds every value explicitly",
      },
      {
        path: 'vhost[__defaultVhost__].srt',
        value: undefined,
        expected: 'a block `srt { ... }`',
        fix: 'write `srt { ... }` with the directives the kit renders there (see docs/srs-config-model.md)',
      },
    ]);
  });

  test('a value with extra arguments is a problem: SRS reads only the first', () => {
    expect(parseSrsConfig(edit('dir ./objs/nginx/html;', 'dir ./a ./b;'), V5).problems).toEqual([
      {
        path: 'http_server.dir (line 18)',
        value: ['./a', './b'],
        expected: 'exactly one value (the directory served)',
        fix: 'keep one value: SRS reads only the first and ignores the rest',
      },
    ]);
  });

  test('numbers SRS would read with atoi/atof are checked as written', () => {
    const text = edit(
      'hls_fragment 2;',
      'hls_fragment 2s;',
      edit('max_connections 1000;', 'max_connections 1e3;'),
    );
    expect(parseSrsConfig(text, V5).problems).toEqual([
      {
        path: 'max_connections (line 2)',
        value: '1e3',
        expected: 'the connection limit, written as digits',
        fix: 'write digits only: SRS reads it with atoi, so `1e3` would silently become 1',
      },
      {
        path: 'vhost[__defaultVhost__].hls.hls_fragment (line 33)',
        value: '2s',
        expected: 'seconds per fragment, written as a decimal number such as 2 or 0.5',
        fix: 'write a plain number: SRS reads it with atof, so `2s` would silently become 2',
      },
    ]);
  });

  test('settings the kit fixes: daemon off, console logs, raw API off', () => {
    const text = edit(
      'allow_reload off;',
      'allow_reload on;',
      edit('srs_log_tank console;', 'srs_log_tank file;', edit('daemon off;', 'daemon on;')),
    );
    expect(parseSrsConfig(text, V5).problems).toEqual([
      {
        path: 'daemon (line 3)',
        value: 'on',
        expected: '`daemon off;`',
        fix: 'write `daemon off;`: SRS runs in the foreground of its container',
      },
      {
        path: 'srs_log_tank (line 4)',
        value: 'file',
        expected: '`srs_log_tank console;`',
        fix: 'write `srs_log_tank console;`: the kit sends SRS logs to the container log',
      },
      {
        path: 'http_api.raw_api.allow_reload (line 12)',
        value: 'on',
        expected: '`allow_reload off;`',
        fix: 'write `allow_reload off;`: the raw API would let any API caller rewrite and reload the config',
      },
    ]);
  });

  test('a password in srs.conf is refused without echoing it', () => {
    const text = edit(
      '    }\n}\nhttp_server',
      '    }\n    auth {\n        enabled on;\n        username admin;\n        password s3cret;\n    }\n}\nhttp_server',
    );
    const { problems } = parseSrsConfig(text, V5);
    expect(problems).toEqual([
      {
        path: 'http_api.auth.password (line 17)',
        value: '<redacted>',
        expected: 'no password in srs.conf',
        fix: 'remove it: the kit passes the password as SRS_HTTP_API_AUTH_PASSWORD so that no rendered file holds it',
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('s3cret');
  });

  test('a missing `;` joins lines as SRS does, and the result is reported', () => {
    expect(parseSrsConfig(edit('daemon off;', 'daemon off'), V5).problems).toEqual([
      {
        path: 'daemon (line 3)',
        value: ['off', 'srs_log_tank', 'console'],
        expected: '`daemon off;`',
        fix: 'write `daemon off;`: SRS runs in the foreground of its container',
      },
      {
        path: 'srs_log_tank',
        value: undefined,
        expected: '`srs_log_tank console;`',
        fix: 'write `srs_log_tank console;`: the kit sends SRS logs to the container log',
      },
    ]);
  });
});

// One test per trap from facts.md that `srs -t` lets through, through the parser: the exact
// problem the kit reports (path with the directive and line, expected, fix).
describe('SRS traps in srs.conf text', () => {
  test.each(['yes', 'true', '1', 'On'])('`enabled %s` is refused: SRS would read it as off', (word) => {
    expect(
      parseSrsConfig(
        edit('enabled on;\n    listen 127.0.0.1:1986;', `enabled ${word};\n    listen 127.0.0.1:1986;`),
        V5,
      ).problems,
    ).toEqual([
      {
        path: 'http_api.enabled (line 7)',
        value: word,
        expected: 'on or off',
        fix: `write on or off: SRS would treat \`${word}\` as off (for enabled here it reads only the literal \`on\` as true), and \`srs -t\` does not complain`,
      },
    ]);
  });

  test('`crossdomain yes` is refused too, and the fix says SRS would read it as on', () => {
    expect(parseSrsConfig(edit('crossdomain on;', 'crossdomain yes;'), V5).problems).toEqual([
      {
        path: 'http_api.crossdomain (line 9)',
        value: 'yes',
        expected: 'on or off',
        fix: 'write on or off: SRS would treat `yes` as on (for crossdomain here it reads everything but the literal `off` as true), and `srs -t` does not complain',
      },
    ]);
  });

  test('`listen abc;`', () => {
    expect(parseSrsConfig(edit('listen 127.0.0.1:1986;', 'listen abc;'), V5).problems).toEqual([
      {
        path: 'http_api.listen (line 8)',
        value: 'abc',
        expected: 'ip:port of the HTTP API with a numeric port, e.g. 0.0.0.0:1985',
        fix: 'write the port as digits: SRS reads `abc` as port 0, `srs -t` passes and the HTTP API silently does not listen',
      },
    ]);
  });

  test('`listen 127.0.0.1:99999;`', () => {
    expect(parseSrsConfig(edit('listen 127.0.0.1:1986;', 'listen 127.0.0.1:99999;'), V5).problems).toEqual([
      {
        path: 'srs.httpApi.listen.port (http_api.listen, line 8)',
        value: 99999,
        expected: 'a whole number from 1 to 65535',
        fix: 'use a port in range (SRS would silently bind another port for values above 65535)',
      },
    ]);
  });

  test('`listen localhost:1985;`', () => {
    expect(parseSrsConfig(edit('listen 127.0.0.1:1986;', 'listen localhost:1985;'), V5).problems).toEqual([
      {
        path: 'srs.httpApi.listen.ip (http_api.listen, line 8)',
        value: 'localhost',
        expected: 'a numeric IPv4 address such as 127.0.0.1 or 0.0.0.0',
        fix: 'write the address as digits: SRS accepts no host names (`localhost` passes `srs -t` but SRS exits at start)',
      },
    ]);
  });

  test('`ip:port` for the UDP listeners rtc_server.listen and srt_server.listen', () => {
    const text = edit(
      'listen 10080;',
      'listen 0.0.0.0:10080;',
      edit('listen 8000;', 'listen 127.0.0.1:18000;'),
    );
    const fix =
      'give the port alone: SRS misparses `ip:port` here (127.0.0.1:18000 binds UDP port 127 on all addresses)';
    expect(parseSrsConfig(text, V5).problems).toEqual([
      {
        path: 'rtc_server.listen (line 23)',
        value: '127.0.0.1:18000',
        expected: 'a UDP port number only',
        fix,
      },
      {
        path: 'srt_server.listen (line 28)',
        value: '0.0.0.0:10080',
        expected: 'a UDP port number only',
        fix,
      },
    ]);
  });

  test('`auth { enabled on; }` with no username', () => {
    const text = edit(
      '    }\n}\nhttp_server',
      '    }\n    auth {\n        enabled on;\n    }\n}\nhttp_server',
    );
    expect(parseSrsConfig(text, V5).problems).toEqual([
      {
        path: 'srs.httpApi.auth.username (http_api.auth, line 14)',
        value: '',
        expected: '1 to 64 characters from A-Z a-z 0-9 . _ -',
        fix: 'pick a plain user name (with no username SRS lets `-u :` through)',
      },
    ]);
  });

  test('two listeners on one port', () => {
    const text = edit(
      'srt_server {\n    enabled off;\n    listen 10080;',
      'srt_server {\n    enabled on;\n    listen 8000;',
    );
    expect(parseSrsConfig(text, V5).problems).toEqual([
      {
        path: 'srs.srtServer.udpPort (srt_server.listen, line 28)',
        value: 8000,
        expected: 'a port not already used by srs.rtcServer.udpPort',
        fix: 'give each listener its own port (SRS sets SO_REUSEPORT, so a clash would not even fail at start)',
      },
    ]);
  });

  test('bad hook URLs', () => {
    const text = edit(
      /http_hooks \{\n(\s+)enabled off;/,
      'http_hooks {\n$1enabled on;\n$1on_publish ftp://x/y http://u:p@h/ /relative;',
    );
    const where = '(vhost[__defaultVhost__].http_hooks.on_publish, line 52)';
    const fix =
      'give an absolute http:// or https:// URL of the token service, e.g. http://auth.internal:8085/api/v1/hooks';
    expect(parseSrsConfig(text, V5).problems).toEqual([
      {
        path: `srs.vhosts[0].hooks.urls.on_publish[0] ${where}`,
        value: 'ftp://x/y',
        expected: 'an http:// or https:// URL with a host',
        fix,
      },
      {
        path: `srs.vhosts[0].hooks.urls.on_publish[1] ${where}`,
        value: '<URL with credentials>',
        expected: 'a URL without user:password@',
        fix: 'SRS logs hook URLs; pass secrets in the token service instead',
      },
      {
        path: `srs.vhosts[0].hooks.urls.on_publish[2] ${where}`,
        value: '/relative',
        expected: 'an absolute http(s) URL',
        fix,
      },
    ]);
  });

  test('every problem of one file is reported together', () => {
    let text = edit('enabled on;\n    listen 127.0.0.1:1986;', 'enabled yes;\n    listen localhost:99999;');
    text = edit('listen 8000;', 'listen 127.0.0.1:8000;', text);
    text = edit('max_connections 1000;', 'max_connections 1000;\nmax_connections 10;', text);
    text = edit('hls_window 10;', 'hls_window 1;', text);
    text = edit('mount [vhost]/[app]/[stream].flv;', 'mount /live.flv;', text);
    expect(parseSrsConfig(text, V5).problems.map((p) => p.path)).toEqual([
      'max_connections (line 3)',
      'http_api.enabled (line 8)',
      'rtc_server.listen (line 24)',
      'srs.httpApi.listen.ip (http_api.listen, line 9)',
      'srs.httpApi.listen.port (http_api.listen, line 9)',
      'srs.vhosts[0].hls.windowSeconds (vhost[__defaultVhost__].hls.hls_window, line 35)',
      'srs.vhosts[0].httpRemux.mount (vhost[__defaultVhost__].http_remux.mount, line 40)',
    ]);
  });
});
