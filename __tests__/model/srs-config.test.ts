import { resolveEnvironment } from '../../lib/model/environment';
import { ALL_LISTENERS_SRS_CONFIG, STAGING_SRS_CONFIG } from '../support/srs-config-fixtures';
import {
  findPortClashes,
  isValidApiUsername,
  SrsConfig,
  srsAcceptsDirective,
  validateSrsConfig,
} from '../../lib/model/srs-config';

// One test per SRS trap from facts.md that the model can express, with the kit's exact error.
// (`enabled yes`, `listen abc` and the rest of the text-only traps are in
// __tests__/render/srs-conf-parse.test.ts: the model's booleans and numbers cannot hold them.)

const base: SrsConfig = ALL_LISTENERS_SRS_CONFIG;

test('the staging fixture is what the kit resolves for staging', () => {
  expect(resolveEnvironment({ name: 'staging' }).srs).toEqual(STAGING_SRS_CONFIG);
});

/** The model with a change that the type system would refuse (values from JSON, JS callers...). */
function loose(change: (config: Record<string, unknown>) => void): SrsConfig {
  const config = structuredClone(base) as unknown as Record<string, unknown>;
  change(config);
  return config as unknown as SrsConfig;
}

const api = (config: Record<string, unknown>) =>
  config.httpApi as { [key: string]: unknown; listen: Record<string, unknown> };

const PORT_RANGE = {
  expected: 'a whole number from 1 to 65535',
  fix: 'use a port in range (SRS would silently bind another port for values above 65535)',
};
const UDP_PORT_ONLY = {
  expected: 'a UDP port number only',
  fix: 'give the port alone: SRS misparses `ip:port` here (127.0.0.1:18000 binds UDP port 127 on all addresses)',
};
const PORT_CLASH_FIX =
  'give each listener its own port (SRS sets SO_REUSEPORT, so a clash would not even fail at start)';
const HOOK_FIX =
  'give an absolute http:// or https:// URL of the token service, e.g. http://auth.internal:8085/api/v1/hooks';

describe('validateSrsConfig', () => {
  test('accepts the base model', () => {
    expect(validateSrsConfig(base)).toEqual([]);
  });

  test('trap: a port above 65535 (SRS would bind some other port)', () => {
    const config = loose((c) => (api(c).listen.port = 99999));
    expect(validateSrsConfig(config)).toEqual([
      { path: 'srs.httpApi.listen.port', value: 99999, ...PORT_RANGE },
    ]);
  });

  test('trap: a listen port that is not a number (`listen abc`: SRS silently does not listen)', () => {
    const config = loose((c) => (api(c).listen.port = 'abc'));
    expect(validateSrsConfig(config)).toEqual([
      { path: 'srs.httpApi.listen.port', value: 'abc', ...PORT_RANGE },
    ]);
  });

  test('trap: `localhost` as a listen address (passes `srs -t`, SRS exits at start)', () => {
    const config = loose((c) => (api(c).listen.ip = 'localhost'));
    expect(validateSrsConfig(config)).toEqual([
      {
        path: 'srs.httpApi.listen.ip',
        value: 'localhost',
        expected: 'a numeric IPv4 address such as 127.0.0.1 or 0.0.0.0',
        fix: 'write the address as digits: SRS accepts no host names (`localhost` passes `srs -t` but SRS exits at start)',
      },
    ]);
  });

  test('trap: ip:port for the UDP listeners rtc_server.listen and srt_server.listen', () => {
    const config = loose((c) => {
      (c.rtcServer as Record<string, unknown>).udpPort = '127.0.0.1:18000';
      (c.srtServer as Record<string, unknown>).udpPort = '0.0.0.0:10080';
    });
    expect(validateSrsConfig(config)).toEqual([
      { path: 'srs.rtcServer.udpPort', value: '127.0.0.1:18000', ...UDP_PORT_ONLY },
      { path: 'srs.srtServer.udpPort', value: '0.0.0.0:10080', ...UDP_PORT_ONLY },
    ]);
  });

  test('trap: auth enabled with no username (SRS then lets `-u :` through)', () => {
    const config: SrsConfig = {
      ...base,
      httpApi: { ...base.httpApi, auth: { enabled: true, username: '' } },
    };
    expect(validateSrsConfig(config)).toEqual([
      {
        path: 'srs.httpApi.auth.username',
        value: '',
        expected: '1 to 64 characters from A-Z a-z 0-9 . _ -',
        fix: 'pick a plain user name (with no username SRS lets `-u :` through)',
      },
    ]);
  });

  test('a user name with ":" is refused too (it would split the Basic-auth token)', () => {
    expect(isValidApiUsername('ad:min')).toBe(false);
    expect(isValidApiUsername('ops.team-1_a')).toBe(true);
    const config: SrsConfig = {
      ...base,
      httpApi: { ...base.httpApi, auth: { enabled: true, username: 'ad:min' } },
    };
    expect(validateSrsConfig(config).map((p) => p.path)).toEqual(['srs.httpApi.auth.username']);
  });

  test('trap: booleans other than true/false (SRS would read yes/true/1 as off)', () => {
    const config = loose((c) => (api(c).enabled = 'yes'));
    expect(validateSrsConfig(config)).toEqual([
      {
        path: 'srs.httpApi.enabled',
        value: 'yes',
        expected: 'true or false',
        fix: 'use a boolean: SRS reads only the literal `on` as true, so `yes`, `true` or `1` would silently mean off',
      },
    ]);
  });

  test('trap: two TCP listeners on one port (SO_REUSEPORT: no error at start)', () => {
    const config: SrsConfig = {
      ...base,
      httpServer: { ...base.httpServer, listen: { ip: '0.0.0.0', port: 1935 } },
    };
    expect(validateSrsConfig(config)).toEqual([
      {
        path: 'srs.httpServer.listen.port',
        value: 1935,
        expected: 'a port not already used by srs.rtmp.listen.port',
        fix: PORT_CLASH_FIX,
      },
    ]);
  });

  test('trap: two UDP listeners on one port', () => {
    const config: SrsConfig = { ...base, srtServer: { ...base.srtServer, udpPort: 8000 } };
    expect(validateSrsConfig(config)).toEqual([
      {
        path: 'srs.srtServer.udpPort',
        value: 8000,
        expected: 'a port not already used by srs.rtcServer.udpPort',
        fix: PORT_CLASH_FIX,
      },
    ]);
  });

  test('a disabled listener does not clash', () => {
    const config: SrsConfig = { ...base, srtServer: { enabled: false, udpPort: 8000 } };
    expect(validateSrsConfig(config)).toEqual([]);
  });

  test('findPortClashes names both listeners, once per clash', () => {
    expect(
      findPortClashes([
        { path: 'a', port: 1 },
        { path: 'b', port: 1 },
        { path: 'c', port: 1 },
        { path: 'd', port: 2 },
      ]).map((p) => [p.path, p.expected]),
    ).toEqual([
      ['b', 'a port not already used by a'],
      ['c', 'a port not already used by a'],
    ]);
  });

  test('trap: bad hook URLs', () => {
    const config: SrsConfig = {
      ...base,
      vhosts: [
        {
          ...base.vhosts[0],
          hooks: {
            enabled: true,
            urls: {
              on_publish: [
                'ftp://auth/p',
                'http://user:hunter2@auth/p',
                '/api/v1/hooks',
                'http://a b/',
                'http://auth/ok',
              ],
            },
          },
        },
      ],
    };
    const at = 'srs.vhosts[0].hooks.urls.on_publish';
    expect(validateSrsConfig(config)).toEqual([
      {
        path: `${at}[0]`,
        value: 'ftp://auth/p',
        expected: 'an http:// or https:// URL with a host',
        fix: HOOK_FIX,
      },
      {
        path: `${at}[1]`,
        value: '<URL with credentials>',
        expected: 'a URL without user:password@',
        fix: 'SRS logs hook URLs; pass secrets in the token service instead',
      },
      { path: `${at}[2]`, value: '/api/v1/hooks', expected: 'an absolute http(s) URL', fix: HOOK_FIX },
      {
        path: `${at}[3]`,
        value: 'http://a b/',
        expected: 'an http(s) URL without blanks, quotes, braces, ";", "#" or backslashes',
        fix: HOOK_FIX,
      },
    ]);
    expect(JSON.stringify(validateSrsConfig(config))).not.toContain('hunter2');
  });

  test('hooks enabled with no URL at all', () => {
    const config: SrsConfig = {
      ...base,
      vhosts: [{ ...base.vhosts[0], hooks: { enabled: true, urls: {} } }],
    };
    expect(validateSrsConfig(config)).toEqual([
      {
        path: 'srs.vhosts[0].hooks.urls',
        value: {},
        expected: 'at least one hook URL when hooks are enabled',
        fix: 'add e.g. on_publish and on_play URLs of the token service, or disable hooks',
      },
    ]);
  });

  test('version gating: http_api.auth needs 5.0.152+ or 6.0.40+, SRS 4 never has it', () => {
    const withAuth = (major: number, patch: number): SrsConfig => ({
      ...base,
      version: { major, minor: 0, patch },
      httpApi: { ...base.httpApi, auth: { enabled: true, username: 'admin' } },
    });
    expect(validateSrsConfig(withAuth(5, 152))).toEqual([]);
    expect(validateSrsConfig(withAuth(6, 40))).toEqual([]);
    expect(validateSrsConfig(withAuth(5, 151))).toEqual([
      {
        path: 'srs.httpApi.auth.enabled',
        value: true,
        expected: 'an SRS release with http_api.auth (5.0.152+ or 6.0.40+), not 5.0.151',
        fix: "use authMode 'proxy' (works on every release), or an SRS image at 5.0.152 or later",
      },
    ]);
    expect(validateSrsConfig(withAuth(4, 271))).toEqual([
      {
        path: 'srs.httpApi.auth.enabled',
        value: true,
        expected: 'an SRS release with http_api.auth (5.0.152+ or 6.0.40+), not 4.0.271',
        fix: "use authMode 'proxy' (works on every release), or an SRS image at 5.0.152+ or 6.0.40+ (SRS 4 never had http_api.auth)",
      },
      {
        path: 'srs.vhosts[0].srt.enabled',
        value: true,
        expected: 'false on SRS 4.0.271, which has no `vhost.srt` (since 5.0.28, 6.0.0)',
        fix: 'turn it off, or use an SRS release that has it',
      },
    ]);
  });

  test('version gating: a feature whose directive the release lacks is refused, not silently dropped', () => {
    const old = (patch: number): SrsConfig => ({ ...base, version: { major: 4, minor: 0, patch } });
    const paths = (config: SrsConfig) => validateSrsConfig(config).map((p) => p.path);
    expect(paths(old(100))).toEqual(['srs.vhosts[0].rtc.rtmpToRtc', 'srs.vhosts[0].srt.enabled']);
    expect(paths(old(90))).toEqual([
      'srs.vhosts[0].rtc.rtmpToRtc',
      'srs.vhosts[0].rtc.rtcToRtmp',
      'srs.vhosts[0].srt.enabled',
    ]);
    const bridgesOff = {
      ...base.vhosts[0],
      rtc: { enabled: true, rtmpToRtc: false, rtcToRtmp: false },
      srt: { enabled: false, srtToRtmp: false },
    };
    expect(paths({ ...old(90), vhosts: [bridgesOff] })).toEqual([]);
  });

  test('srsAcceptsDirective: what each release accepts of the directives the kit renders', () => {
    const v = (major: number, patch: number) => ({ major, minor: 0, patch });
    expect(srsAcceptsDirective(v(4, 271), 'vhost.srt')).toBe(false);
    expect(srsAcceptsDirective(v(4, 271), 'vhost.srt.srt_to_rtmp')).toBe(false);
    expect(srsAcceptsDirective(v(5, 27), 'vhost.srt')).toBe(false);
    expect(srsAcceptsDirective(v(5, 28), 'vhost.srt.enabled')).toBe(true);
    expect(srsAcceptsDirective(v(6, 0), 'vhost.srt')).toBe(true);
    expect(srsAcceptsDirective(v(4, 173), 'vhost.rtc.rtmp_to_rtc')).toBe(false);
    expect(srsAcceptsDirective(v(4, 174), 'vhost.rtc.rtmp_to_rtc')).toBe(true);
    expect(srsAcceptsDirective(v(4, 271), 'http_api.auth.username')).toBe(false);
    expect(srsAcceptsDirective(v(6, 40), 'http_api.auth.username')).toBe(true);
    expect(srsAcceptsDirective(v(4, 0), 'vhost.rtc.enabled')).toBe(true);
  });

  test('an unsupported major', () => {
    expect(validateSrsConfig({ ...base, version: { major: 3, minor: 0, patch: 168 } }, 'x')).toEqual([
      {
        path: 'x.version',
        value: '3.0.168',
        expected: 'an SRS 4, 5 or 6 release',
        fix: 'pick a supported release',
      },
    ]);
  });

  test('every problem of one model is reported together, not only the first', () => {
    const config = loose((c) => {
      api(c).listen.ip = 'localhost';
      api(c).listen.port = 99999;
      api(c).auth = { enabled: true, username: '' };
      (c.rtcServer as Record<string, unknown>).udpPort = '127.0.0.1:18000';
      (c.srtServer as Record<string, unknown>).udpPort = 1935;
      (c.vhosts as Array<Record<string, unknown>>)[0].hooks = {
        enabled: true,
        urls: { on_play: ['ftp://x/'] },
      };
      (c.vhosts as Array<Record<string, unknown>>).push({
        ...(c.vhosts as Array<Record<string, unknown>>)[0],
        name: 'not a host',
      });
    });
    expect(validateSrsConfig(config).map((p) => p.path)).toEqual([
      'srs.httpApi.listen.ip',
      'srs.httpApi.listen.port',
      'srs.httpApi.auth.username',
      'srs.rtcServer.udpPort',
      'srs.srtServer.udpPort',
      'srs.vhosts[0].hooks.urls.on_play[0]',
      'srs.vhosts[1].name',
      'srs.vhosts[1].hooks.urls.on_play[0]',
    ]);
  });
});
