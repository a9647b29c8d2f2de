import {
  checkBoolean,
  checkConfigToken,
  checkHookUrl,
  checkIpv4,
  checkPort,
  checkPositiveInteger,
  checkPositiveNumber,
  checkUdpPort,
  isHostname,
  isIpv4,
} from '../../lib/model/checks';
import { ProblemList } from '../../lib/model/problems';

/** Runs one check on a fresh list: what it returned and the problems it added. */
function run<T>(check: (problems: ProblemList, path: string, value: unknown) => T, value: unknown) {
  const problems = new ProblemList();
  const ok = check(problems, 'p', value);
  return { ok, problems: problems.problems };
}

describe('checks', () => {
  test('isIpv4: dotted decimal only, no leading zeros, no names', () => {
    for (const ok of ['0.0.0.0', '127.0.0.1', '255.255.255.255', '10.1.20.100'])
      expect(isIpv4(ok)).toBe(true);
    for (const bad of ['localhost', '256.0.0.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '::1', ' 1.2.3.4', 1234]) {
      expect(isIpv4(bad)).toBe(false);
    }
  });

  test('isHostname', () => {
    expect(isHostname('live.example.com')).toBe(true);
    expect(isHostname('a')).toBe(true);
    for (const bad of ['-a.com', 'a_b.com', 'a..b', `${'a'.repeat(64)}.com`, '', 'a b'])
      expect(isHostname(bad)).toBe(false);
  });

  test('checkPort: 1..65535 whole numbers', () => {
    for (const ok of [1, 1935, 65535]) expect(run(checkPort, ok)).toEqual({ ok: true, problems: [] });
    for (const bad of [0, 65536, 99999, 1.5, '1935', NaN, undefined]) {
      expect(run(checkPort, bad)).toEqual({
        ok: false,
        problems: [
          {
            path: 'p',
            value: bad,
            expected: 'a whole number from 1 to 65535',
            fix: 'use a port in range (SRS would silently bind another port for values above 65535)',
          },
        ],
      });
    }
  });

  test('checkUdpPort: a port number, and any text (ip:port) gets the UDP message', () => {
    expect(run(checkUdpPort, 8000)).toEqual({ ok: true, problems: [] });
    expect(run(checkUdpPort, '127.0.0.1:18000')).toEqual({
      ok: false,
      problems: [
        {
          path: 'p',
          value: '127.0.0.1:18000',
          expected: 'a UDP port number only',
          fix: 'give the port alone: SRS misparses `ip:port` here (127.0.0.1:18000 binds UDP port 127 on all addresses)',
        },
      ],
    });
    expect(run(checkUdpPort, 70000).problems[0].expected).toBe('a whole number from 1 to 65535');
  });

  test('checkIpv4 names the localhost trap', () => {
    expect(run(checkIpv4, 'localhost').problems).toEqual([
      {
        path: 'p',
        value: 'localhost',
        expected: 'a numeric IPv4 address such as 127.0.0.1 or 0.0.0.0',
        fix: 'write the address as digits: SRS accepts no host names (`localhost` passes `srs -t` but SRS exits at start)',
      },
    ]);
  });

  test('checkBoolean: only real booleans', () => {
    expect(run(checkBoolean, false).ok).toBe(true);
    for (const bad of ['on', 'yes', 1, 'true']) {
      expect(run(checkBoolean, bad).problems).toEqual([
        {
          path: 'p',
          value: bad,
          expected: 'true or false',
          fix: 'use a boolean: SRS reads only the literal `on` as true, so `yes`, `true` or `1` would silently mean off',
        },
      ]);
    }
  });

  test('checkPositiveInteger and checkPositiveNumber', () => {
    expect(run((p, path, v) => checkPositiveInteger(p, path, v, 10), 10).ok).toBe(true);
    expect(run((p, path, v) => checkPositiveInteger(p, path, v, 10), 11).problems[0].expected).toBe(
      'a whole number from 1 to 10',
    );
    expect(run((p, path, v) => checkPositiveNumber(p, path, v, 5), 0.5).ok).toBe(true);
    expect(run((p, path, v) => checkPositiveNumber(p, path, v, 5), 0).problems[0].expected).toBe(
      'a number above 0 and at most 5',
    );
  });

  test('checkConfigToken: nothing that would end or break a directive', () => {
    const check = (p: ProblemList, path: string, v: unknown) => checkConfigToken(p, path, v, 'a path');
    expect(run(check, './objs/nginx/html').ok).toBe(true);
    for (const bad of ['a b', 'a;b', 'a{', 'a}', '"a"', "a'", '#a', 'a\\b', '', 'tab\there']) {
      expect(run(check, bad).problems).toEqual([
        {
          path: 'p',
          value: bad,
          expected: "a path without blanks, ';', '{', '}', quotes, '#' or backslashes",
          fix: 'remove those characters: they would end or break the config directive',
        },
      ]);
    }
  });

  test('checkHookUrl', () => {
    expect(run(checkHookUrl, 'http://auth.internal:8085/api/v1/hooks?x=1').ok).toBe(true);
    expect(run(checkHookUrl, 'https://10.0.0.1/h').ok).toBe(true);
    const expected = (value: string) => run(checkHookUrl, value).problems.map((p) => [p.value, p.expected]);
    expect(expected('ftp://a/')).toEqual([['ftp://a/', 'an http:// or https:// URL with a host']]);
    expect(expected('/relative')).toEqual([['/relative', 'an absolute http(s) URL']]);
    expect(expected('http://a/#x')).toEqual([
      ['http://a/#x', 'an http(s) URL without blanks, quotes, braces, ";", "#" or backslashes'],
    ]);
    expect(expected('http://u:pw@a/')).toEqual([['<URL with credentials>', 'a URL without user:password@']]);
  });
});

describe('hook URL problems never echo credentials', () => {
  test.each(['ftp://svc:S3cretTok@h/x', 'http://svc:S3cretTok@', 'gopher://svc:S3cretTok@host/ x'])(
    '%s',
    (url) => {
      const problems = new ProblemList();
      expect(checkHookUrl(problems, 'hook', url)).toBe(false);
      expect(JSON.stringify(problems.problems)).not.toContain('S3cretTok');
    },
  );
});
