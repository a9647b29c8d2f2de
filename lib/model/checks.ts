import { ProblemList } from './problems';

// Small value checks shared by every validator. Each adds at most one problem and returns whether
// the value passed, so callers can skip checks that depend on it.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isIpv4(value: unknown): value is string {
  return typeof value === 'string' && IPV4.test(value);
}

export function isHostname(value: unknown): value is string {
  return typeof value === 'string' && HOSTNAME.test(value);
}

export function checkPort(problems: ProblemList, path: string, value: unknown): value is number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return true;
  problems.add(
    path,
    value,
    'a whole number from 1 to 65535',
    'use a port in range (SRS would silently bind another port for values above 65535)',
  );
  return false;
}

export function checkIpv4(problems: ProblemList, path: string, value: unknown): value is string {
  if (isIpv4(value)) return true;
  problems.add(
    path,
    value,
    'a numeric IPv4 address such as 127.0.0.1 or 0.0.0.0',
    'write the address as digits: SRS accepts no host names (`localhost` passes `srs -t` but SRS exits at start)',
  );
  return false;
}

export function checkBoolean(problems: ProblemList, path: string, value: unknown): value is boolean {
  if (typeof value === 'boolean') return true;
  problems.add(
    path,
    value,
    'true or false',
    'use a boolean: SRS reads only the literal `on` as true, so `yes`, `true` or `1` would silently mean off',
  );
  return false;
}

export function checkPositiveInteger(
  problems: ProblemList,
  path: string,
  value: unknown,
  max = 1_000_000,
): value is number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max) return true;
  problems.add(path, value, `a whole number from 1 to ${max}`, 'give a positive whole number');
  return false;
}

export function checkPositiveNumber(
  problems: ProblemList,
  path: string,
  value: unknown,
  max: number,
): value is number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max) return true;
  problems.add(path, value, `a number above 0 and at most ${max}`, 'give a positive number');
  return false;
}

/** A value that can stand in an SRS or nginx config file without quoting: no blanks, `;`, braces, quotes or `#`. */
const CONFIG_TOKEN = /^[^\s;{}"'#\\]+$/;

export function checkConfigToken(
  problems: ProblemList,
  path: string,
  value: unknown,
  what: string,
): value is string {
  if (typeof value === 'string' && CONFIG_TOKEN.test(value)) return true;
  problems.add(
    path,
    value,
    `${what} without blanks, ';', '{', '}', quotes, '#' or backslashes`,
    'remove those characters: they would end or break the config directive',
  );
  return false;
}

/** The URL with any `user:password@` replaced, for problem reports (SRS logs hook URLs too). */
function withoutUserinfo(value: unknown): unknown {
  return typeof value === 'string'
    ? value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1<redacted>@')
    : value;
}

/** http(s) URL with a host, as SRS's http_hooks need. Credentials in it are never echoed. */
export function checkHookUrl(problems: ProblemList, path: string, value: unknown): value is string {
  const fix =
    'give an absolute http:// or https:// URL of the token service, e.g. http://auth.internal:8085/api/v1/hooks';
  if (typeof value !== 'string' || !CONFIG_TOKEN.test(value)) {
    problems.add(
      path,
      withoutUserinfo(value),
      'an http(s) URL without blanks, quotes, braces, ";", "#" or backslashes',
      fix,
    );
    return false;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.add(path, withoutUserinfo(value), 'an absolute http(s) URL', fix);
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    problems.add(path, withoutUserinfo(value), 'an http:// or https:// URL with a host', fix);
    return false;
  }
  if (url.username !== '' || url.password !== '') {
    problems.add(
      path,
      '<URL with credentials>',
      'a URL without user:password@',
      'SRS logs hook URLs; pass secrets in the token service instead',
    );
    return false;
  }
  return true;
}

/**
 * A UDP listener's port (`rtc_server.listen`, `srt_server.listen`): SRS takes a port only there.
 * Given text such as `ip:port` it reads the ip's first number as the port.
 */
export function checkUdpPort(problems: ProblemList, path: string, value: unknown): value is number {
  if (typeof value === 'string') {
    problems.add(
      path,
      value,
      'a UDP port number only',
      'give the port alone: SRS misparses `ip:port` here (127.0.0.1:18000 binds UDP port 127 on all addresses)',
    );
    return false;
  }
  return checkPort(problems, path, value);
}
