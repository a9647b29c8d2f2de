import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Network } from '@cdktf/provider-docker/lib/network';
import { SecureSrs, apiPasswordVariableName, terraformLiteral } from '../../lib/docker/secure-srs';
import { resolveEnvironment } from '../../lib/model/environment';
import { NGINX_PATHS } from '../../lib/render/nginx-config';
import { verifySshaLine } from '../../lib/render/password-file';
import { parseSrsVersion } from '../../lib/model/versions';
import { KitValidationError } from '../../lib/model/problems';
import { resourceByName, synthEnvironment, TEST_PASSWORD, uploadedFile } from '../support/synth';

describe('SecureSrs on Docker, default staging environment', () => {
  const { json, config } = synthEnvironment({ name: 'staging' });
  const srs = resourceByName(config, 'docker_container', 'srs-staging');
  const proxy = resourceByName(config, 'docker_container', 'srs-staging-api-proxy');

  test('defines a network named after the environment', () => {
    expect(json).toHaveResourceWithProperties(Network, { name: 'srs-staging' });
  });

  test('pins both images to exact versions, not moving tags', () => {
    const images = Object.values(config.resource.docker_image).map((image) => image.name);
    expect(images.sort()).toEqual(['nginx:1.28.0', 'ossrs/srs:5.0.213']);
  });

  test('starts SRS on the uploaded config', () => {
    expect(srs.command).toEqual(['./objs/srs', '-c', 'conf/srs-secure-kit.conf']);
    const conf = uploadedFile(srs, '/usr/local/srs/conf/srs-secure-kit.conf');
    expect(conf).toMatch(/^http_api \{\n {4}enabled on;\n {4}listen 127\.0\.0\.1:1986;$/m);
  });

  test('never publishes the SRS API port; publishes the proxy as the API port on loopback', () => {
    const ports = srs.ports as Array<{ internal: number; external: number; ip: string; protocol: string }>;
    expect(ports.map((p) => p.internal)).not.toContain(1986);
    expect(ports).toContainEqual({ internal: 1985, external: 1985, ip: '127.0.0.1', protocol: 'tcp' });
    expect(ports.every((p) => p.ip === '127.0.0.1')).toBe(true);
    expect(ports.map((p) => `${p.internal}/${p.protocol}`).sort()).toEqual([
      '1935/tcp',
      '1985/tcp',
      '8000/udp',
      '8080/tcp',
    ]);
  });

  test('joins nginx to the SRS network namespace by container id, with no ports or networks of its own', () => {
    expect(proxy.network_mode).toMatch(/^container:\$\{docker_container\.srs_[0-9A-F]{8}\.id\}$/);
    expect(proxy.ports).toBeUndefined();
    expect(proxy.networks_advanced).toBeUndefined();
    expect(srs.networks_advanced).toEqual([
      { name: expect.stringMatching(/^\$\{docker_network\.srs_network_[0-9A-F]+\.name\}$/) },
    ]);
  });

  test("runs nginx as the image's non-root user with no capabilities and no privilege escalation", () => {
    expect(proxy.user).toBe('101:101');
    expect(proxy.capabilities).toEqual({ drop: ['ALL'] });
    expect(proxy.security_opts).toEqual(['no-new-privileges:true']);
    expect(srs.capabilities).toEqual({ drop: ['ALL'] });
    expect(srs.security_opts).toEqual(['no-new-privileges:true']);
    expect(proxy.entrypoint).toEqual(['nginx']);
    expect(proxy.command).toEqual(['-e', 'stderr', '-c', NGINX_PATHS.config, '-g', 'daemon off;']);
  });

  test('uploads an nginx config that checks Basic auth and strips Authorization before SRS', () => {
    const nginx = uploadedFile(proxy, NGINX_PATHS.config);
    expect(nginx).toContain(`auth_basic_user_file ${NGINX_PATHS.passwordFile};`);
    expect(nginx).toContain('server 127.0.0.1:1986 max_fails=0;');
    expect(nginx).toContain('listen 1985 reuseport;');
    expect(nginx).toContain('proxy_set_header Authorization "";');
  });

  test('uploads an {SSHA} password file that verifies the password, and never the password itself', () => {
    const line = uploadedFile(proxy, NGINX_PATHS.passwordFile);
    expect(line).toMatch(/^admin:\{SSHA\}[A-Za-z0-9+/]+=*\n$/);
    expect(verifySshaLine(line, 'admin', TEST_PASSWORD)).toBe(true);
    expect(verifySshaLine(line, 'admin', `${TEST_PASSWORD}x`)).toBe(false);
    expect(json).not.toContain(TEST_PASSWORD);
    expect(json).not.toContain(Buffer.from(`admin:${TEST_PASSWORD}`).toString('base64'));
  });

  test('proxy mode needs no password variable and gives SRS no auth settings', () => {
    expect(config.variable).toBeUndefined();
    expect(srs.env).toBeUndefined();
    expect(uploadedFile(srs, '/usr/local/srs/conf/srs-secure-kit.conf')).not.toContain('auth');
  });

  test('outputs ready-to-use URLs without credentials', () => {
    expect(config.output.api_url.value).toBe('http://127.0.0.1:1985/api/v1/');
    expect(config.output.console_url.value).toBe(
      'http://127.0.0.1:1985/console/ng_index.html#/summaries?host=127.0.0.1&port=1985',
    );
    expect(config.output.rtmp_url.value).toBe('rtmp://127.0.0.1:1935/live/livestream');
    expect(config.output.hls_url.value).toBe('http://127.0.0.1:8080/live/livestream.m3u8');
    expect(config.output.whip_url.value).toBe(
      'http://127.0.0.1:1985/rtc/v1/whip/?app=live&stream=livestream',
    );
    expect(config.output.srt_url).toBeUndefined();
    expect(config.output.api_username.value).toBe('admin');
  });

  test('keeps state next to the project through a relative path', () => {
    expect(config.terraform.backend).toEqual({ local: { path: '../../../terraform.staging.tfstate' } });
    expect(json).not.toMatch(/"\/(work|home|root|tmp)\//);
  });

  test('matches the snapshot (read every changed line before accepting one)', () => {
    expect(json).toMatchSnapshot();
  });
});

describe.each(['native', 'both'] as const)('authMode %s', (authMode) => {
  const { json, config } = synthEnvironment({ name: 'qa', authMode, srsVersion: '6.0.155' });
  const srs = resourceByName(config, 'docker_container', 'srs-qa');
  const proxy = resourceByName(config, 'docker_container', 'srs-qa-api-proxy');
  const variableName = apiPasswordVariableName('qa');

  test('passes the password to SRS through a sensitive variable, not through cdk.tf.json', () => {
    expect(json).not.toContain(TEST_PASSWORD);
    expect(srs.env).toEqual([`SRS_HTTP_API_AUTH_PASSWORD=\${var.${variableName}}`]);
    const variable = config.variable![variableName];
    expect(variable).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    // Terraform prints a variable's value when its validation fails, sensitive or not.
    expect(variable.validation).toBeUndefined();
  });

  test('renders http_api.auth with the user name only', () => {
    const conf = uploadedFile(srs, '/usr/local/srs/conf/srs-secure-kit.conf');
    expect(conf).toContain('    auth {\n        enabled on;\n        username admin;\n    }');
    expect(conf).not.toMatch(/password/);
  });

  test('forwards the client Authorization header to SRS', () => {
    expect(uploadedFile(proxy, NGINX_PATHS.config)).not.toContain('proxy_set_header Authorization');
  });

  test('marks the login URL output sensitive and URL-encodes the password in it', () => {
    expect(config.output.console_login_url).toMatchObject({ sensitive: true });
    expect(config.output.console_login_url.value).toBe(
      `http://admin:\${urlencode(var.${variableName})}@127.0.0.1:1985/console/ng_index.html#/summaries?host=127.0.0.1&port=1985`,
    );
  });

  test(authMode === 'both' ? 'nginx checks Basic auth too' : 'nginx does not check Basic auth', () => {
    const nginx = uploadedFile(proxy, NGINX_PATHS.config);
    expect(nginx.includes('auth_basic_user_file')).toBe(authMode === 'both');
    const files = (proxy.upload as Array<{ file: string }>).map((u) => u.file);
    expect(files.includes(NGINX_PATHS.passwordFile)).toBe(authMode === 'both');
  });
});

describe('toggles and options', () => {
  test('a media service that is off is neither published nor enabled in SRS', () => {
    const { config } = synthEnvironment({
      name: 'lean',
      webrtcEnabled: false,
      httpEnabled: false,
      srtEnabled: true,
    });
    const srs = resourceByName(config, 'docker_container', 'srs-lean');
    const ports = (srs.ports as Array<{ internal: number; protocol: string }>).map(
      (p) => `${p.internal}/${p.protocol}`,
    );
    expect(ports.sort()).toEqual(['10080/udp', '1935/tcp', '1985/tcp']);
    const conf = uploadedFile(srs, '/usr/local/srs/conf/srs-secure-kit.conf');
    expect(conf).toMatch(/rtc_server \{\n {4}enabled off;/);
    expect(conf).toMatch(/http_server \{\n {4}enabled off;/);
    expect(conf).toMatch(/srt_server \{\n {4}enabled on;\n {4}listen 10080;/);
    expect(config.output.whip_url).toBeUndefined();
    expect(config.output.hls_url).toBeUndefined();
    expect(config.output.srt_url.value).toContain('srt://127.0.0.1:10080');
  });

  test('env delivery starts SRS with -e and passes the config as SRS_* variables, no file', () => {
    const { config } = synthEnvironment({ name: 'envy', configDelivery: 'env' });
    const srs = resourceByName(config, 'docker_container', 'srs-envy');
    expect(srs.command).toEqual(['./objs/srs', '-e']);
    expect(srs.upload).toBeUndefined();
    expect(srs.env).toEqual(
      expect.arrayContaining(['SRS_LISTEN=0.0.0.0:1935', 'SRS_HTTP_API_LISTEN=127.0.0.1:1986']),
    );
  });

  test('image digests pin the images beyond their tags', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const { config } = synthEnvironment({ name: 'pinned', srsImageDigest: digest, nginxImageDigest: digest });
    const images = Object.values(config.resource.docker_image).map((image) => image.name);
    expect(images.sort()).toEqual([`nginx:1.28.0@${digest}`, `ossrs/srs:5.0.213@${digest}`]);
  });

  test('host address and ports come from the spec', () => {
    const { config } = synthEnvironment({
      name: 'lan',
      hostAddress: '0.0.0.0',
      publicHost: 'media.example.test',
      webrtcCandidate: '192.0.2.10',
      apiHostPort: 21985,
      rtmpHostPort: 21935,
    });
    const srs = resourceByName(config, 'docker_container', 'srs-lan');
    expect(srs.ports).toContainEqual({ internal: 1985, external: 21985, ip: '0.0.0.0', protocol: 'tcp' });
    expect(srs.ports).toContainEqual({ internal: 1935, external: 21935, ip: '0.0.0.0', protocol: 'tcp' });
    expect(uploadedFile(srs, '/usr/local/srs/conf/srs-secure-kit.conf')).toContain('candidate 192.0.2.10;');
    expect(config.output.console_url.value).toBe(
      'http://media.example.test:21985/console/ng_index.html#/summaries?host=media.example.test&port=21985',
    );
  });
});

describe('SecureSrs as a construct in any scope', () => {
  test("can be placed in a stack of the caller's own", () => {
    const environment = resolveEnvironment({ name: 'mine' });
    const json = Testing.synthScope((scope) => {
      new SecureSrs(scope, 'srs', {
        environment,
        credentials: { username: 'admin', password: TEST_PASSWORD, source: 'environment' },
      });
    });
    expect(json).toHaveResourceWithProperties(Container, { name: 'srs-mine' });
    expect(json).toHaveResourceWithProperties(Container, {
      name: 'srs-mine-api-proxy',
      user: '101:101',
    });
  });
});

describe('SecureSrs.fromSpec', () => {
  test('validates the spec and the password together, before creating anything', () => {
    let error: unknown;
    const json = Testing.synthScope((scope) => {
      try {
        SecureSrs.fromSpec(scope, 'srs', { name: 'Bad', authMode: 'native', srsVersion: '4.0.271' }, 'short');
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(KitValidationError);
    expect((error as KitValidationError).problems.map((p) => p.path)).toEqual([
      'environments[Bad].name',
      'environments[Bad].srs.httpApi.auth.enabled',
    ]);
    expect(JSON.parse(json).resource).toBeUndefined();
  });

  test('refuses a weak password without echoing it', () => {
    const attempt = () =>
      Testing.synthScope((scope) => {
        SecureSrs.fromSpec(scope, 'srs', { name: 'ok' }, 'hunter2');
      });
    expect(attempt).toThrow(/apiPassword \(from fromSpec\(password\)\): got "<redacted, 7 characters>"/);
  });

  test('builds the same resources as the fleet path', () => {
    const json = Testing.synthScope((scope) => {
      SecureSrs.fromSpec(scope, 'srs', { name: 'lib' }, TEST_PASSWORD);
    });
    expect(json).toHaveResourceWithProperties(Container, { name: 'srs-lib-api-proxy', user: '101:101' });
    expect(json).not.toContain(TEST_PASSWORD);
  });
});

describe('terraformLiteral', () => {
  test('escapes Terraform template openers and nothing else', () => {
    expect(terraformLiteral('a ${b} %{c} $d %e')).toBe('a $${b} %%{c} $d %e');
  });
});

test('parseSrsVersion is what the image tag is built from', () => {
  expect(resolveEnvironment({ name: 'v6', srsVersion: '6.0.155' }).srsImage).toBe('ossrs/srs:6.0.155');
  expect(parseSrsVersion('6.0.155')).toEqual({ major: 6, minor: 0, patch: 155 });
});
