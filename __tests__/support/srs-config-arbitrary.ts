import fc from 'fast-check';
import {
  DEFAULT_VHOST,
  SRS_HOOK_EVENTS,
  SRS_LOG_LEVELS,
  srsAcceptsDirective,
  SrsConfig,
  SrsHookEvent,
  SrsRtcCandidate,
  SrsVhostConfig,
} from '../../lib/model/srs-config';
import { supportsNativeApiAuth, SrsVersion } from '../../lib/model/versions';

/**
 * fast-check generators for valid `SrsConfig` values: everything they produce passes
 * `validateSrsConfig` (a property test checks that, so the generators cannot drift).
 */

/** Releases whose srs.conf the kit can render: 5.0.28+ (vhost.srt) and 6.x. */
export const arbitrarySrsVersion: fc.Arbitrary<SrsVersion> = fc.oneof(
  fc.integer({ min: 28, max: 400 }).map((patch) => ({ major: 5, minor: 0, patch })),
  fc.integer({ min: 0, max: 400 }).map((patch) => ({ major: 6, minor: 0, patch })),
);

/** Characters a config token may hold: no blanks, `;`, braces, quotes, `#` or backslash. */
const TOKEN_CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'./_-+=~!@$%^&*()[]<>,?:|`',
  'é',
  'ß',
  '中',
];

export function arbitraryToken(minLength = 1, maxLength = 30): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength, maxLength });
}

const ipv4 = fc.ipV4();
const listenIp = fc.oneof(fc.constant('0.0.0.0'), fc.constant('127.0.0.1'), ipv4);

const username = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);
const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/);

const candidate: fc.Arbitrary<SrsRtcCandidate> = fc.oneof(
  ipv4.filter((a) => a !== '0.0.0.0').map((address) => ({ kind: 'address' as const, address })),
  envName.map((variable) => ({ kind: 'env' as const, variable })),
);

const urlPath = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789._~-/'),
  maxLength: 20,
});
const urlQuery = fc.option(
  fc
    .array(fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.stringMatching(/^[a-z0-9]{0,5}$/)), {
      minLength: 1,
      maxLength: 3,
    })
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  { nil: '' },
);

/** An http(s) URL `checkHookUrl` accepts. */
export const arbitraryHookUrl: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('http', 'https'),
    fc.oneof(fc.domain(), ipv4),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    urlPath,
    urlQuery,
  )
  .map(
    ([scheme, host, port, path, query]) =>
      `${scheme}://${host}${port === undefined ? '' : `:${port}`}/${path}${query}`,
  );

const mount = fc
  .tuple(
    fc.boolean(),
    arbitraryToken(0, 5),
    arbitraryToken(0, 5),
    arbitraryToken(0, 5),
    fc.constantFrom('flv', 'ts', 'aac', 'mp3'),
  )
  .map(([withVhost, a, b, c, ext]) => `${withVhost ? '[vhost]' : ''}/${a}[app]${b}[stream]${c}.${ext}`);

export interface SrsConfigArbitraryOptions {
  /** Only `__defaultVhost__` (what `SRS_*` variables can express). */
  readonly singleDefaultVhost?: boolean;
  /**
   * Only values the rendered file can carry, so that parsing the file gives the value back: no
   * user name while auth is off (the renderer writes no auth block then) and no empty URL lists.
   * @default true
   */
  readonly canonical?: boolean;
  readonly version?: fc.Arbitrary<SrsVersion>;
}

function hooks(canonical: boolean): fc.Arbitrary<SrsVhostConfig['hooks']> {
  return fc
    .tuple(
      fc.subarray([...SRS_HOOK_EVENTS]),
      fc.array(fc.array(arbitraryHookUrl, { minLength: canonical ? 1 : 0, maxLength: 3 }), {
        minLength: SRS_HOOK_EVENTS.length,
        maxLength: SRS_HOOK_EVENTS.length,
      }),
      fc.boolean(),
    )
    .map(([events, lists, enabled]) => {
      const urls: Partial<Record<SrsHookEvent, readonly string[]>> = {};
      events.forEach((event, i) => (urls[event] = lists[i]));
      const any = Object.values(urls).some((list) => list.length > 0);
      return { enabled: enabled && any, urls };
    });
}

/** A boolean, or false where the release lacks the directive (the renderer leaves it out). */
function gatedBoolean(version: SrsVersion, directivePath: string): fc.Arbitrary<boolean> {
  return srsAcceptsDirective(version, directivePath) ? fc.boolean() : fc.constant(false);
}

function vhost(name: string, canonical: boolean, version: SrsVersion): fc.Arbitrary<SrsVhostConfig> {
  const hls = fc.double({ min: Number.MIN_VALUE, max: 3600, noNaN: true }).chain((fragmentSeconds) =>
    fc.record({
      enabled: fc.boolean(),
      fragmentSeconds: fc.constant(fragmentSeconds),
      windowSeconds: fc.double({ min: fragmentSeconds, max: 86400, noNaN: true }),
      path: arbitraryToken(),
    }),
  );
  return fc.record({
    name: fc.constant(name),
    hls,
    httpRemux: fc.record({ enabled: fc.boolean(), mount }),
    rtc: fc.record({
      enabled: fc.boolean(),
      rtmpToRtc: gatedBoolean(version, 'vhost.rtc.rtmp_to_rtc'),
      rtcToRtmp: gatedBoolean(version, 'vhost.rtc.rtc_to_rtmp'),
    }),
    srt: fc.record({
      enabled: gatedBoolean(version, 'vhost.srt'),
      srtToRtmp: gatedBoolean(version, 'vhost.srt'),
    }),
    hooks: hooks(canonical),
  });
}

const vhostNames = fc.uniqueArray(fc.oneof(fc.constant(DEFAULT_VHOST), fc.domain()), {
  minLength: 1,
  maxLength: 3,
});

export function arbitrarySrsConfig(options: SrsConfigArbitraryOptions = {}): fc.Arbitrary<SrsConfig> {
  const canonical = options.canonical ?? true;
  const names = options.singleDefaultVhost ? fc.constant([DEFAULT_VHOST]) : vhostNames;
  return fc
    .tuple(
      options.version ?? arbitrarySrsVersion,
      fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 5, maxLength: 5 }),
      names,
    )
    .chain(([version, [rtmpPort, apiPort, httpPort, rtcPort, srtPort], vhostNameList]) =>
      fc.record({
        version: fc.constant(version),
        rtmp: fc.record({
          listen: fc.record({ ip: listenIp, port: fc.constant(rtmpPort) }),
          maxConnections: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        logLevel: fc.constantFrom(...SRS_LOG_LEVELS),
        httpApi: fc.record({
          enabled: fc.boolean(),
          listen: fc.record({ ip: listenIp, port: fc.constant(apiPort) }),
          crossdomain: fc.boolean(),
          auth: (supportsNativeApiAuth(version) ? fc.boolean() : fc.constant(false)).chain((enabled) =>
            fc.record({
              enabled: fc.constant(enabled),
              username: enabled || !canonical ? username : fc.constant(''),
            }),
          ),
        }),
        httpServer: fc.record({
          enabled: fc.boolean(),
          listen: fc.record({ ip: listenIp, port: fc.constant(httpPort) }),
          dir: arbitraryToken(),
          crossdomain: fc.boolean(),
        }),
        rtcServer: fc.record({ enabled: fc.boolean(), udpPort: fc.constant(rtcPort), candidate }),
        srtServer: fc.record({ enabled: fc.boolean(), udpPort: fc.constant(srtPort) }),
        vhosts: fc.tuple(...vhostNameList.map((name) => vhost(name, canonical, version))),
      }),
    );
}
