import fc from 'fast-check';
import { resolveEnvironment } from '../../lib/model/environment';
import { DEFAULT_VHOST, SrsConfig, srsAcceptsDirective, validateSrsConfig } from '../../lib/model/srs-config';
import { parseSrsConf } from '../../lib/render/srs-conf-parse';
import { SrsDirective } from '../../lib/render/srs-conf-syntax';
import { renderSrsConfig, srsConfigToDirectives } from '../../lib/render/srs-config';
import { arbitrarySrsConfig } from '../support/srs-config-arbitrary';

const staging = resolveEnvironment({ name: 'staging' }).srs;

function leaves(items: readonly SrsDirective[], prefix = ''): Array<[string, readonly string[]]> {
  return items.flatMap((item) => {
    const path = prefix === '' ? item.name : `${prefix}.${item.name}`;
    return item.children === undefined
      ? [[path, item.args] as [string, readonly string[]]]
      : leaves(item.children, path);
  });
}

function paths(items: readonly SrsDirective[], prefix = ''): string[] {
  return items.flatMap((item) => {
    const path = prefix === '' ? item.name : `${prefix}.${item.name}`;
    return [path, ...paths(item.children ?? [], path)];
  });
}

function withVhost(config: SrsConfig, change: Partial<SrsConfig['vhosts'][number]>): SrsConfig {
  return { ...config, vhosts: [{ ...config.vhosts[0], ...change }] };
}

describe('renderSrsConfig', () => {
  test('the default staging srs.conf', () => {
    const text = renderSrsConfig(staging, ['SRS config of environment "staging"']);
    // Behaviour first; the snapshot below only pins the layout.
    expect(text.startsWith('# SRS config of environment "staging"\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    const directives = parseSrsConf(text);
    const byPath = new Map(leaves(directives));
    expect(byPath.get('listen')).toEqual(['0.0.0.0:1935']);
    expect(byPath.get('daemon')).toEqual(['off']);
    expect(byPath.get('srs_log_tank')).toEqual(['console']);
    // The API listens on the loopback port behind nginx; the proxy takes the public port.
    expect(byPath.get('http_api.listen')).toEqual(['127.0.0.1:1986']);
    expect(byPath.get('http_api.raw_api.enabled')).toEqual(['off']);
    expect(byPath.get('http_api.raw_api.allow_reload')).toEqual(['off']);
    expect(byPath.has('http_api.auth.enabled')).toBe(false);
    expect(byPath.get('rtc_server.listen')).toEqual(['8000']);
    expect(byPath.get('rtc_server.candidate')).toEqual(['127.0.0.1']);
    expect(byPath.get('srt_server.enabled')).toEqual(['off']);
    expect(directives.filter((d) => d.name === 'vhost').map((d) => d.args)).toEqual([[DEFAULT_VHOST]]);
    expect(text).toMatchSnapshot();
  });

  test('is pure: the same model always gives the same bytes', () => {
    expect(renderSrsConfig(staging)).toBe(renderSrsConfig(structuredClone(staging)));
  });

  test('booleans are written as exactly on or off, never anything SRS could misread', () => {
    fc.assert(
      fc.property(arbitrarySrsConfig(), (config) => {
        const toggles = leaves(srsConfigToDirectives(config)).filter(([path]) =>
          /(^|\.)(enabled|crossdomain|daemon|allow_reload|rtmp_to_rtc|rtc_to_rtmp|srt_to_rtmp)$/.test(path),
        );
        expect(toggles.length).toBeGreaterThanOrEqual(15);
        for (const [, args] of toggles) expect(['on', 'off']).toContain(args.join(' '));
      }),
      { numRuns: 100 },
    );
  });

  test('UDP listeners get a port only, TCP listeners ip:port', () => {
    const byPath = new Map(leaves(srsConfigToDirectives(staging)));
    expect(byPath.get('rtc_server.listen')).toEqual(['8000']);
    expect(byPath.get('srt_server.listen')).toEqual(['10080']);
    expect(byPath.get('http_server.listen')).toEqual(['0.0.0.0:8080']);
  });

  test('native auth: an auth block with the user name and never a password', () => {
    const config: SrsConfig = {
      ...staging,
      httpApi: { ...staging.httpApi, auth: { enabled: true, username: 'ops' } },
    };
    const text = renderSrsConfig(config);
    expect(text).toContain('    auth {\n        enabled on;\n        username ops;\n    }\n');
    expect(text).not.toMatch(/password/);
  });

  test('an env-variable candidate is written as $NAME, the one place SRS expands variables', () => {
    const text = renderSrsConfig({
      ...staging,
      rtcServer: { ...staging.rtcServer, candidate: { kind: 'env', variable: 'CANDIDATE' } },
    });
    expect(text).toContain('    candidate $CANDIDATE;\n');
  });

  test('hook URLs: one line per event with URLs, in SRS order, several URLs on one line', () => {
    const text = renderSrsConfig(
      withVhost(staging, {
        hooks: {
          enabled: true,
          urls: { on_play: ['http://a/play'], on_publish: ['http://a/pub', 'http://b/pub'], on_stop: [] },
        },
      }),
    );
    expect(text).toContain(
      '    http_hooks {\n        enabled on;\n        on_publish http://a/pub http://b/pub;\n        on_play http://a/play;\n    }\n',
    );
    expect(text).not.toContain('on_stop');
  });

  test('one vhost block per vhost, in order', () => {
    const config: SrsConfig = {
      ...staging,
      vhosts: [staging.vhosts[0], { ...staging.vhosts[0], name: 'live.example.com' }],
    };
    expect(validateSrsConfig(config)).toEqual([]);
    const vhosts = parseSrsConf(renderSrsConfig(config)).filter((d) => d.name === 'vhost');
    expect(vhosts.map((d) => d.args)).toEqual([[DEFAULT_VHOST], ['live.example.com']]);
  });
});

describe('every directive rendered is one the release accepts (SRS_DIRECTIVES_SINCE)', () => {
  test('5.0.28+ and 6.x: always', () => {
    fc.assert(
      fc.property(arbitrarySrsConfig(), (config) => {
        const refused = paths(srsConfigToDirectives(config)).filter(
          (p) => !srsAcceptsDirective(config.version, p),
        );
        expect(refused).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  // SRS before 5.0.28 (every 4.0 release included) refuses to start on a `srt { ... }` vhost
  // block ("illegal vhost.srt of __defaultVhost__"): the renderer leaves it out for them.
  test.each(['4.0.271', '5.0.27'])('SRS %s: the default staging config', (version) => {
    const config = resolveEnvironment({ name: 'staging', srsVersion: version }).srs;
    expect(validateSrsConfig(config)).toEqual([]);
    const refused = paths(srsConfigToDirectives(config)).filter(
      (p) => !srsAcceptsDirective(config.version, p),
    );
    expect(refused).toEqual([]);
  });
});
