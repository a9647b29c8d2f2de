import { resolveEnvironment, SrsEnvironmentSpec } from '../../lib/model/environment';
import { NGINX_PATHS, renderNginxConfig } from '../../lib/render/nginx-config';

const render = (spec: Partial<SrsEnvironmentSpec> = {}) =>
  renderNginxConfig(resolveEnvironment({ name: 'staging', srsVersion: '6.0.155', ...spec }));

/** The lines of one `map ... { }` block, or undefined. */
function mapBlock(config: string, variable: string): string[] | undefined {
  const match = new RegExp(`map [^\\n]* \\$${variable} \\{\\n([\\s\\S]*?)\\n\\s*\\}`).exec(config);
  return match?.[1].split('\n').map((line) => line.trim());
}

describe('renderNginxConfig', () => {
  test('proxy mode: Basic auth on everything but the public signalling endpoints; Authorization stripped', () => {
    const config = render();
    expect(mapBlock(config, 'srs_api_auth_realm')).toEqual(['default "SRS API (staging)";', '1 off;']);
    expect(config).toContain('auth_basic $srs_api_auth_realm;');
    expect(config).toContain(`auth_basic_user_file ${NGINX_PATHS.passwordFile};`);
    expect(config).toContain('proxy_set_header Authorization "";');
  });

  test("the public signalling endpoints are SRS's own, matched on the raw request line", () => {
    expect(mapBlock(render(), 'srs_rtc_signalling')).toEqual([
      'default 0;',
      '"~^/rtc/v1/(play|publish|whip|whep|whip-play)/(\\?[^#]*)?$" 1;',
    ]);
    expect(render()).toMatch(/map \$request_uri \$srs_rtc_signalling \{/);
  });

  test('protectRtcSignalling: no path is exempt from auth or from the cross-site refusal', () => {
    const config = render({ protectRtcSignalling: true });
    expect(mapBlock(config, 'srs_api_auth_realm')).toEqual(['default "SRS API (staging)";']);
    expect(mapBlock(config, 'srs_cross_site_refused')).toEqual(['default 0;', '"~*^cross-site:" 1;']);
  });

  test('cross-site browser requests are refused before auth, except on public signalling', () => {
    const config = render();
    expect(mapBlock(config, 'srs_cross_site_refused')).toEqual(['default 0;', '"~*^cross-site:0$" 1;']);
    expect(config.indexOf('return 403;')).toBeLessThan(config.indexOf('auth_basic $srs_api_auth_realm;'));
  });

  test('native mode: no Basic auth in nginx, Authorization forwarded, cross-site still refused', () => {
    const config = render({ authMode: 'native' });
    expect(config).not.toContain('auth_basic');
    expect(config).not.toContain('proxy_set_header Authorization');
    expect(config).toContain('if ($srs_cross_site_refused)');
  });

  test('both mode: Basic auth in nginx and Authorization forwarded to SRS', () => {
    const config = render({ authMode: 'both' });
    expect(config).toContain('auth_basic $srs_api_auth_realm;');
    expect(config).not.toContain('proxy_set_header Authorization');
  });

  test('listens on the proxy port, forwards to SRS on loopback, never marks SRS down', () => {
    const config = render();
    expect(config).toContain('listen 1985 reuseport;');
    expect(config).toContain('server 127.0.0.1:1986 max_fails=0;');
    expect(config).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(config).not.toContain('$proxy_add_x_forwarded_for');
  });

  test('writes only under /tmp and to the standard streams (the image runs it as uid 101)', () => {
    const paths = [...render().matchAll(/^\s*(pid|\w+_temp_path|error_log|access_log)\s+(\S+)/gm)].map(
      (m) => m[2],
    );
    expect(paths.length).toBe(8);
    for (const path of paths) expect(path).toMatch(/^(\/tmp\/|stderr$|\/dev\/stdout$)/);
  });

  test('the same model renders the same bytes', () => {
    expect(render()).toBe(render());
  });

  test.each(['proxy', 'native', 'both'] as const)(
    '%s mode, as text (read changed lines before accepting)',
    (authMode) => {
      expect(render({ authMode })).toMatchSnapshot();
    },
  );
});
