import {
  checkFleet,
  CONTAINER_PORTS,
  resolveEnvironment,
  resolveFleet,
  SrsFleetSpec,
} from '../../lib/model/environment';
import { KitValidationError, Problem } from '../../lib/model/problems';

function problemsOf(fleet: SrsFleetSpec, variables = {}): Problem[] {
  return checkFleet(fleet, variables).problems;
}

function hostPorts(fleet: SrsFleetSpec): Record<string, Record<string, number>> {
  return Object.fromEntries(
    resolveFleet(fleet).map((env) => [
      env.name,
      Object.fromEntries(env.published.map((p) => [p.service, p.hostPort])),
    ]),
  );
}

describe('resolveEnvironment defaults', () => {
  const env = resolveEnvironment({ name: 'staging' });

  test('secure and standard defaults', () => {
    expect(env).toMatchObject({
      authMode: 'proxy',
      configDelivery: 'file',
      srsImage: 'ossrs/srs:5.0.213',
      nginxImage: 'nginx:1.28.0',
      hostAddress: '127.0.0.1',
      publicHost: '127.0.0.1',
      apiUsername: 'admin',
      apiPasswordEnvVar: 'SRS_API_PASSWORD',
      names: { network: 'srs-staging', srsContainer: 'srs-staging', proxyContainer: 'srs-staging-api-proxy' },
    });
    expect(env.proxy).toEqual({
      listenPort: 1985,
      upstream: { ip: '127.0.0.1', port: 1986 },
      basicAuth: true,
      forwardAuthorization: false,
      publicRtcSignalling: true,
      realm: 'SRS API (staging)',
    });
  });

  test('SRS API listens on loopback on a port of its own, distinct from the proxy port', () => {
    expect(env.srs.httpApi.listen).toEqual({ ip: '127.0.0.1', port: CONTAINER_PORTS.srsApi });
    expect(CONTAINER_PORTS.srsApi).not.toBe(CONTAINER_PORTS.proxy);
    expect(env.published.map((p) => p.containerPort)).not.toContain(CONTAINER_PORTS.srsApi);
  });

  test('the user name comes from the variable the spec names', () => {
    expect(resolveEnvironment({ name: 'a' }, { SRS_API_USERNAME: 'ops' }).apiUsername).toBe('ops');
    expect(
      resolveEnvironment({ name: 'a', apiUsernameEnvVar: 'A_USER' }, { A_USER: 'alice' }).apiUsername,
    ).toBe('alice');
    expect(resolveEnvironment({ name: 'a' }, { SRS_API_USERNAME: '' }).apiUsername).toBe('admin');
  });

  test('auth modes decide who checks and what is forwarded', () => {
    const native = resolveEnvironment({ name: 'n', authMode: 'native' });
    expect(native.proxy).toMatchObject({ basicAuth: false, forwardAuthorization: true });
    expect(native.srs.httpApi.auth).toEqual({ enabled: true, username: 'admin' });
    const both = resolveEnvironment({ name: 'b', authMode: 'both', protectRtcSignalling: true });
    expect(both.proxy).toMatchObject({
      basicAuth: true,
      forwardAuthorization: true,
      publicRtcSignalling: false,
    });
  });
});

describe('fleet port allocation', () => {
  test('without a range, standard ports', () => {
    expect(hostPorts({ environments: [{ name: 'one' }] })).toEqual({
      one: { api: 1985, rtmp: 1935, http: 8080, webrtc: 8000 },
    });
  });

  test('from a range, a 5-port slot per environment in declaration order', () => {
    const fleet: SrsFleetSpec = {
      hostPortRange: { from: 20000, to: 20099 },
      environments: [
        { name: 'a' },
        { name: 'b', apiHostPort: 21985, srtEnabled: true },
        { name: 'c', webrtcEnabled: false, httpEnabled: false },
      ],
    };
    expect(hostPorts(fleet)).toEqual({
      a: { api: 20000, rtmp: 20001, http: 20002, webrtc: 20003 },
      b: { api: 21985, rtmp: 20006, http: 20007, webrtc: 20008, srt: 20009 },
      c: { api: 20010, rtmp: 20011 },
    });
    // Deterministic: the same input gives the same plan.
    expect(hostPorts(fleet)).toEqual(hostPorts(fleet));
  });

  test('turning a service on or off moves no other environment', () => {
    const fleet = (srtEnabled: boolean): SrsFleetSpec => ({
      hostPortRange: { from: 20000, to: 20099 },
      environments: [{ name: 'a', srtEnabled }, { name: 'b' }],
    });
    expect(hostPorts(fleet(true)).b).toEqual(hostPorts(fleet(false)).b);
    expect(hostPorts(fleet(true)).a.srt).toBe(20004);
  });

  test("a given port inside another environment's slot is a clash naming both", () => {
    const problems = problemsOf({
      hostPortRange: { from: 20000, to: 20099 },
      environments: [{ name: 'a' }, { name: 'b', apiHostPort: 20001 }],
    });
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'environments[b].apiHostPort',
        expected: 'a host port not already published by environments[a] (rtmp)',
      }),
    ]);
  });

  test('appending an environment leaves the others on their ports', () => {
    const base: SrsFleetSpec = {
      hostPortRange: { from: 20000, to: 20099 },
      environments: [{ name: 'a' }, { name: 'b' }],
    };
    const grown = { ...base, environments: [...base.environments, { name: 'c' }] };
    const before = hostPorts(base);
    const after = hostPorts(grown);
    expect(after.a).toEqual(before.a);
    expect(after.b).toEqual(before.b);
  });

  test('an exhausted range is an error naming the environment and port', () => {
    const problems = problemsOf({
      hostPortRange: { from: 20000, to: 20004 },
      environments: [{ name: 'a' }, { name: 'b' }],
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        'environments[b].rtmpHostPort',
        'environments[b].httpHostPort',
        'environments[b].webrtcUdpPort',
      ]),
    );
    expect(problems[0].fix).toContain('widen hostPortRange');
  });
});

describe('fleet clashes name both environments', () => {
  test('the same name twice', () => {
    const problems = problemsOf({
      environments: [
        { name: 'dup', apiHostPort: 1 },
        { name: 'dup', apiHostPort: 2 },
      ],
    });
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'environments[1].name',
        value: 'dup',
        expected: 'a name not used by environments[0]',
      }),
    );
  });

  test('names whose Docker container names collide', () => {
    const problems = problemsOf({
      hostPortRange: { from: 20000, to: 20099 },
      environments: [{ name: 'x' }, { name: 'x-api-proxy' }],
    });
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'environments[x-api-proxy].name',
        expected:
          'a name whose Docker container names (srs-x-api-proxy, srs-x-api-proxy-api-proxy) no other environment uses; environments[x] uses srs-x-api-proxy',
      }),
    ]);
  });

  test('the same host port twice on one address', () => {
    const problems = problemsOf({
      environments: [
        { name: 'a' },
        { name: 'b', rtmpHostPort: 2935, httpHostPort: 2080, webrtcUdpPort: 2800 },
      ],
    });
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'environments[b].apiHostPort',
        value: 'tcp 127.0.0.1:1985',
        expected: 'a host port not already published by environments[a] (api)',
      }),
    ]);
  });

  test('different addresses may share a port, but 0.0.0.0 overlaps every address', () => {
    const other = { rtmpHostPort: 2935, httpHostPort: 2080, webrtcUdpPort: 2800 };
    expect(
      problemsOf({ environments: [{ name: 'a' }, { name: 'b', hostAddress: '127.0.0.2', ...other }] }),
    ).toEqual([]);
    expect(
      problemsOf({ environments: [{ name: 'a' }, { name: 'b', hostAddress: '0.0.0.0', ...other }] }),
    ).toHaveLength(1);
  });

  test('the same UDP port for WebRTC and SRT inside one environment', () => {
    const problems = problemsOf({ environments: [{ name: 'a', srtEnabled: true, srtUdpPort: 8000 }] });
    expect(problems.map((p) => p.path)).toContain('environments[a].srs.srtServer.udpPort');
  });

  test('TCP and UDP host ports clash within one environment too', () => {
    const problems = problemsOf({ environments: [{ name: 'a', rtmpHostPort: 8000 }] });
    expect(problems.map((p) => p.path)).toContain('environments[a].webrtcUdpPort');
  });
});

describe('environment validation', () => {
  test.each([
    [{ name: 'Staging' }, 'environments[Staging].name'],
    [{ name: 'x', srsVersion: '5' }, 'environments[x].srsVersion'],
    [{ name: 'x', nginxVersion: 'stable' }, 'environments[x].nginxVersion'],
    [{ name: 'x', srsImageDigest: 'sha256:abc' }, 'environments[x].srsImageDigest'],
    [{ name: 'x', authMode: 'basic' as never }, 'environments[x].authMode'],
    [{ name: 'x', hostAddress: 'localhost' }, 'environments[x].hostAddress'],
    [{ name: 'x', apiHostPort: 0 }, 'environments[x].apiHostPort'],
    [
      { name: 'x', authMode: 'native' as const, protectRtcSignalling: true },
      'environments[x].protectRtcSignalling',
    ],
    [{ name: 'x', hostAddress: '0.0.0.0' }, 'environments[x].webrtcCandidate'],
    [{ name: 'x', webrtcCandidate: 'media.example.com' }, 'environments[x].webrtcCandidate'],
    [
      { name: 'x', hookUrls: { onPublish: ['ftp://tokens/'] } },
      'environments[x].srs.vhosts[0].hooks.urls.on_publish[0]',
    ],
    [{ name: 'x', rtmpEnabled: 'yes' as never }, 'environments[x].rtmpEnabled'],
    [
      { name: 'x', authMode: 'native' as const, srsVersion: '5.0.151' },
      'environments[x].srs.httpApi.auth.enabled',
    ],
  ])('%j is refused at %s', (spec, path) => {
    const problems = problemsOf({ environments: [spec] });
    expect(problems.map((p) => p.path)).toContain(path);
    for (const problem of problems) {
      expect(problem.expected.length).toBeGreaterThan(5);
      expect(problem.fix.length).toBeGreaterThan(5);
    }
  });

  test('a user name with a colon is refused, naming the variable', () => {
    const problems = problemsOf({ environments: [{ name: 'x' }] }, { SRS_API_USERNAME: 'ad:min' });
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'environments[x].apiUsername (from $SRS_API_USERNAME)',
        value: 'ad:min',
      }),
    ]);
  });

  test('native auth is accepted from 5.0.152 and 6.0.40 on', () => {
    expect(problemsOf({ environments: [{ name: 'x', authMode: 'native', srsVersion: '5.0.152' }] })).toEqual(
      [],
    );
    expect(problemsOf({ environments: [{ name: 'x', authMode: 'native', srsVersion: '6.0.40' }] })).toEqual(
      [],
    );
    expect(
      problemsOf({ environments: [{ name: 'x', authMode: 'native', srsVersion: '6.0.39' }] }),
    ).toHaveLength(1);
    expect(problemsOf({ environments: [{ name: 'x', authMode: 'proxy', srsVersion: '4.0.271' }] })).toEqual(
      [],
    );
  });

  test('resolveFleet throws every problem at once', () => {
    expect(() => resolveFleet({ environments: [{ name: 'A' }, { name: 'b', apiHostPort: 70000 }] })).toThrow(
      KitValidationError,
    );
    try {
      resolveFleet({ environments: [{ name: 'A' }, { name: 'b', apiHostPort: 70000 }] });
    } catch (error) {
      expect((error as KitValidationError).problems).toHaveLength(2);
      expect((error as Error).message).toMatch(
        /^srs-secure-kit found 2 problems; nothing was synthesized:\n {2}- environments\[A\]\.name: got "A"/,
      );
    }
  });

  test('an empty fleet is an error', () => {
    expect(problemsOf({ environments: [] }).map((p) => p.path)).toEqual(['environments']);
  });
});
