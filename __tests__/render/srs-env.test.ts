import { KitValidationError } from '../../lib/model/problems';
import { resolveEnvironment } from '../../lib/model/environment';
import { SrsConfig } from '../../lib/model/srs-config';
import { srsEnvProblems } from '../../lib/model/srs-env-rules';
import { renderSrsEnv } from '../../lib/render/srs-env';

const staging = resolveEnvironment({ name: 'staging' }).srs;

function withHooks(config: SrsConfig, urls: SrsConfig['vhosts'][number]['hooks']['urls']): SrsConfig {
  return { ...config, vhosts: [{ ...config.vhosts[0], hooks: { enabled: true, urls } }] };
}

const at = (major: number, minor: number, patch: number) => ({ major, minor, patch });

describe('renderSrsEnv', () => {
  test('the default staging model as SRS_* variables', () => {
    expect(renderSrsEnv(staging)).toEqual({
      SRS_DAEMON: 'off',
      SRS_HTTP_API_CROSSDOMAIN: 'on',
      SRS_HTTP_API_ENABLED: 'on',
      SRS_HTTP_API_LISTEN: '127.0.0.1:1986',
      SRS_HTTP_API_RAW_API_ALLOW_RELOAD: 'off',
      SRS_HTTP_API_RAW_API_ENABLED: 'off',
      SRS_HTTP_SERVER_CROSSDOMAIN: 'on',
      SRS_HTTP_SERVER_DIR: './objs/nginx/html',
      SRS_HTTP_SERVER_ENABLED: 'on',
      SRS_HTTP_SERVER_LISTEN: '0.0.0.0:8080',
      // `srs -e` has no RTMP listener unless SRS_LISTEN is set.
      SRS_LISTEN: '0.0.0.0:1935',
      SRS_MAX_CONNECTIONS: '1000',
      SRS_RTC_SERVER_CANDIDATE: '127.0.0.1',
      SRS_RTC_SERVER_ENABLED: 'on',
      SRS_RTC_SERVER_LISTEN: '8000',
      SRS_SRS_LOG_LEVEL: 'trace',
      SRS_SRS_LOG_TANK: 'console',
      SRS_SRT_SERVER_ENABLED: 'off',
      SRS_SRT_SERVER_LISTEN: '10080',
      SRS_VHOST_HLS_ENABLED: 'on',
      SRS_VHOST_HLS_HLS_FRAGMENT: '2',
      SRS_VHOST_HLS_HLS_PATH: './objs/nginx/html',
      SRS_VHOST_HLS_HLS_WINDOW: '10',
      SRS_VHOST_HTTP_HOOKS_ENABLED: 'off',
      SRS_VHOST_HTTP_REMUX_ENABLED: 'on',
      SRS_VHOST_HTTP_REMUX_MOUNT: '[vhost]/[app]/[stream].flv',
      SRS_VHOST_RTC_ENABLED: 'on',
      SRS_VHOST_RTC_RTC_TO_RTMP: 'on',
      SRS_VHOST_RTC_RTMP_TO_RTC: 'on',
      SRS_VHOST_SRT_ENABLED: 'off',
      SRS_VHOST_SRT_SRT_TO_RTMP: 'off',
    });
  });

  test('keys come sorted, so the container env is stable', () => {
    const keys = Object.keys(renderSrsEnv(staging));
    expect(keys).toEqual([...keys].sort());
  });

  test('native auth: the user name, never a password (that is SRS_HTTP_API_AUTH_PASSWORD, set by the construct)', () => {
    const env = renderSrsEnv({
      ...staging,
      httpApi: { ...staging.httpApi, auth: { enabled: true, username: 'ops' } },
    });
    expect(env.SRS_HTTP_API_AUTH_ENABLED).toBe('on');
    expect(env.SRS_HTTP_API_AUTH_USERNAME).toBe('ops');
    expect(Object.keys(env).filter((k) => k.includes('PASSWORD'))).toEqual([]);
  });

  test('an env-variable candidate stays $NAME: SRS expands it from SRS_RTC_SERVER_CANDIDATE too', () => {
    const env = renderSrsEnv({
      ...staging,
      rtcServer: { ...staging.rtcServer, candidate: { kind: 'env', variable: 'CANDIDATE' } },
    });
    expect(env.SRS_RTC_SERVER_CANDIDATE).toBe('$CANDIDATE');
  });

  test('one hook URL per event works on SRS 5; several need SRS 6.0.146+, which splits the value on spaces', () => {
    const one = withHooks(staging, { on_publish: ['http://a/p'], on_play: ['http://a/q'] });
    expect(renderSrsEnv(one)).toMatchObject({
      SRS_VHOST_HTTP_HOOKS_ENABLED: 'on',
      SRS_VHOST_HTTP_HOOKS_ON_PUBLISH: 'http://a/p',
      SRS_VHOST_HTTP_HOOKS_ON_PLAY: 'http://a/q',
    });
    const two = withHooks(
      { ...staging, version: at(6, 0, 146) },
      { on_publish: ['http://a/p', 'http://b/p'] },
    );
    expect(renderSrsEnv(two).SRS_VHOST_HTTP_HOOKS_ON_PUBLISH).toBe('http://a/p http://b/p');
  });

  test('throws, naming every reason, when the variables cannot carry the model', () => {
    const config: SrsConfig = {
      ...withHooks(staging, { on_publish: ['http://a/p', 'http://b/p'] }),
      vhosts: [
        withHooks(staging, { on_publish: ['http://a/p', 'http://b/p'] }).vhosts[0],
        { ...staging.vhosts[0], name: 'live.example.com' },
      ],
    };
    expect(() => renderSrsEnv(config)).toThrow(KitValidationError);
    expect(() => renderSrsEnv(config)).toThrow(
      /srs\.vhosts: got .*expected exactly one vhost, __defaultVhost__, when the config is delivered as SRS_\* variables\. Fix: .*\n.*srs\.vhosts\[0\]\.hooks\.urls\.on_publish: got .*expected one URL per hook event when the config is delivered as SRS_\* variables to SRS 5\.0\.213/,
    );
  });
});

describe('srsEnvProblems', () => {
  test('none for the default staging model', () => {
    expect(srsEnvProblems(staging)).toEqual([]);
  });

  test('SRS 4 reads no SRS_* config variables and has no -e', () => {
    expect(srsEnvProblems({ ...staging, version: at(4, 0, 271) }, 'environments[old].srs')).toEqual([
      {
        path: 'environments[old].srs.version',
        value: '4.0.271',
        expected: 'an SRS release that reads every SRS_* variable the kit sets (5.0.132+, 6.0.36+)',
        fix: "use configDelivery 'file': SRS 4 has no `srs -e` and ignores SRS_* config variables",
      },
    ]);
  });

  test.each([
    [at(5, 0, 131), false],
    [at(5, 0, 132), true],
    [at(6, 0, 35), false],
    [at(6, 0, 36), true],
  ])('SRS %o reads every variable the kit sets: %s', (version, ok) => {
    const problems = srsEnvProblems({ ...staging, version });
    expect(problems).toEqual(
      ok
        ? []
        : [
            {
              path: 'srs.version',
              value: `${version.major}.${version.minor}.${version.patch}`,
              expected: 'an SRS release that reads every SRS_* variable the kit sets (5.0.132+, 6.0.36+)',
              fix: `use configDelivery 'file', or SRS ${version.major === 5 ? '5.0.132' : '6.0.36'} or later (the first release known to read every variable the kit sets; older ones ignore some, the SRS_VHOST_HTTP_HOOKS_* ones among them)`,
            },
          ],
    );
  });

  test('several URLs for one hook event before 6.0.146', () => {
    const urls = { on_publish: ['http://a/p', 'http://b/p'], on_play: ['http://a/q'] };
    expect(srsEnvProblems(withHooks({ ...staging, version: at(6, 0, 145) }, urls))).toEqual([
      {
        path: 'srs.vhosts[0].hooks.urls.on_publish',
        value: ['http://a/p', 'http://b/p'],
        expected: 'one URL per hook event when the config is delivered as SRS_* variables to SRS 6.0.145',
        fix: "use configDelivery 'file', keep one URL for on_publish, or use SRS 6.0.146+ (before it SRS reads SRS_VHOST_HTTP_HOOKS_ON_PUBLISH as a single URL, spaces included)",
      },
    ]);
    expect(srsEnvProblems(withHooks({ ...staging, version: at(6, 0, 146) }, urls))).toEqual([]);
  });

  test('several vhosts', () => {
    expect(
      srsEnvProblems({ ...staging, vhosts: [{ ...staging.vhosts[0], name: 'live.example.com' }] }),
    ).toEqual([
      {
        path: 'srs.vhosts',
        value: ['live.example.com'],
        expected: 'exactly one vhost, __defaultVhost__, when the config is delivered as SRS_* variables',
        fix: "use configDelivery 'file' for several vhosts (SRS applies SRS_VHOST_* variables to every vhost)",
      },
    ]);
  });
});
