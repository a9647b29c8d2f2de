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
} from './checks';
import { Problem, ProblemList } from './problems';
import {
  compareSrsVersions,
  formatSrsVersion,
  NATIVE_AUTH_SINCE,
  nativeApiAuthSince,
  SrsVersion,
  supportsNativeApiAuth,
  SUPPORTED_SRS_MAJORS,
} from './versions';

/**
 * The typed SRS configuration: everything a staging SRS needs, with SRS's defaults made explicit.
 * Plain readonly data (no CDKTF types). Renderers turn it into srs.conf text or `SRS_*` variables.
 */
export interface SrsConfig {
  /** The release the config is rendered for; gates directives the release does not have. */
  readonly version: SrsVersion;
  /** `listen`: the RTMP listener. */
  readonly rtmp: SrsRtmpConfig;
  /** `srs_log_level`; logs always go to the console (`srs_log_tank console`) for containers. */
  readonly logLevel: SrsLogLevel;
  readonly httpApi: SrsHttpApiConfig;
  readonly httpServer: SrsHttpServerConfig;
  readonly rtcServer: SrsRtcServerConfig;
  readonly srtServer: SrsSrtServerConfig;
  readonly vhosts: readonly SrsVhostConfig[];
}

export type SrsLogLevel = 'verbose' | 'info' | 'trace' | 'warn' | 'error';
export const SRS_LOG_LEVELS: readonly SrsLogLevel[] = ['verbose', 'info', 'trace', 'warn', 'error'];

/** A TCP listener: SRS takes `ip:port` for RTMP, http_api and http_server. */
export interface SrsTcpListen {
  readonly ip: string;
  readonly port: number;
}

export interface SrsRtmpConfig {
  readonly listen: SrsTcpListen;
  /** `max_connections`. */
  readonly maxConnections: number;
}

export interface SrsHttpApiConfig {
  /** `http_api.enabled`. WebRTC signalling needs the API. */
  readonly enabled: boolean;
  readonly listen: SrsTcpListen;
  /** `http_api.crossdomain`: CORS headers on API answers. */
  readonly crossdomain: boolean;
  /**
   * `http_api.auth` (SRS 5.0.152+/6.0.40+). The password never enters the model: it reaches SRS
   * through `SRS_HTTP_API_AUTH_PASSWORD`, so no rendered file holds it.
   */
  readonly auth: SrsHttpApiAuthConfig;
}

export interface SrsHttpApiAuthConfig {
  readonly enabled: boolean;
  readonly username: string;
}

export interface SrsHttpServerConfig {
  readonly enabled: boolean;
  readonly listen: SrsTcpListen;
  /** `http_server.dir`: where HLS files and the console are served from. */
  readonly dir: string;
  readonly crossdomain: boolean;
}

/** Where WebRTC clients are told to send media (`rtc_server.candidate`). */
export type SrsRtcCandidate =
  | { readonly kind: 'address'; readonly address: string }
  /** `candidate $NAME;`: SRS expands the variable at start (the only directive where it does). */
  | { readonly kind: 'env'; readonly variable: string };

export interface SrsRtcServerConfig {
  readonly enabled: boolean;
  /** `rtc_server.listen`: a UDP port only (an `ip:port` here is silently misparsed by SRS). */
  readonly udpPort: number;
  readonly candidate: SrsRtcCandidate;
}

export interface SrsSrtServerConfig {
  readonly enabled: boolean;
  /** `srt_server.listen`: a UDP port only. */
  readonly udpPort: number;
}

export interface SrsVhostConfig {
  /** `__defaultVhost__` or a DNS name. */
  readonly name: string;
  readonly hls: SrsHlsConfig;
  readonly httpRemux: SrsHttpRemuxConfig;
  readonly rtc: SrsVhostRtcConfig;
  readonly srt: SrsVhostSrtConfig;
  readonly hooks: SrsHttpHooksConfig;
}

export interface SrsHlsConfig {
  readonly enabled: boolean;
  /** `hls_fragment`, seconds. */
  readonly fragmentSeconds: number;
  /** `hls_window`, seconds. */
  readonly windowSeconds: number;
  /** `hls_path`. */
  readonly path: string;
}

export interface SrsHttpRemuxConfig {
  readonly enabled: boolean;
  /** `mount`, e.g. `[vhost]/[app]/[stream].flv`. */
  readonly mount: string;
}

export interface SrsVhostRtcConfig {
  readonly enabled: boolean;
  readonly rtmpToRtc: boolean;
  readonly rtcToRtmp: boolean;
}

export interface SrsVhostSrtConfig {
  readonly enabled: boolean;
  readonly srtToRtmp: boolean;
}

/** The `http_hooks` events, in SRS's own order. */
export const SRS_HOOK_EVENTS = [
  'on_connect',
  'on_close',
  'on_publish',
  'on_unpublish',
  'on_play',
  'on_stop',
  'on_dvr',
  'on_hls',
] as const;
export type SrsHookEvent = (typeof SRS_HOOK_EVENTS)[number];

export interface SrsHttpHooksConfig {
  readonly enabled: boolean;
  /** URLs SRS calls per event; an event with no URL is left out of the file. */
  readonly urls: Readonly<Partial<Record<SrsHookEvent, readonly string[]>>>;
}

export const DEFAULT_VHOST = '__defaultVhost__';

const USERNAME = /^[A-Za-z0-9._-]{1,64}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

export function isValidApiUsername(value: unknown): value is string {
  return typeof value === 'string' && USERNAME.test(value);
}

/** Every problem in the model, each with its field path. Empty when the model can be rendered. */
export function validateSrsConfig(config: SrsConfig, at = 'srs'): Problem[] {
  const problems = new ProblemList();
  const { version } = config;
  if (!SUPPORTED_SRS_MAJORS.includes(version.major)) {
    problems.add(
      `${at}.version`,
      formatSrsVersion(version),
      'an SRS 4, 5 or 6 release',
      'pick a supported release',
    );
  }

  listen(problems, `${at}.rtmp.listen`, config.rtmp.listen);
  checkPositiveInteger(problems, `${at}.rtmp.maxConnections`, config.rtmp.maxConnections, 1_000_000);
  if (!SRS_LOG_LEVELS.includes(config.logLevel)) {
    problems.add(
      `${at}.logLevel`,
      config.logLevel,
      `one of ${SRS_LOG_LEVELS.join(', ')}`,
      'pick a listed level',
    );
  }

  const api = config.httpApi;
  checkBoolean(problems, `${at}.httpApi.enabled`, api.enabled);
  listen(problems, `${at}.httpApi.listen`, api.listen);
  checkBoolean(problems, `${at}.httpApi.crossdomain`, api.crossdomain);
  if (checkBoolean(problems, `${at}.httpApi.auth.enabled`, api.auth.enabled) && api.auth.enabled) {
    if (!supportsNativeApiAuth(version)) {
      problems.add(
        `${at}.httpApi.auth.enabled`,
        true,
        `an SRS release with http_api.auth (5.0.152+ or 6.0.40+), not ${formatSrsVersion(version)}`,
        `use authMode 'proxy' (works on every release), or an SRS image at ${nativeApiAuthSince(version.major)}`,
      );
    }
    if (!isValidApiUsername(api.auth.username)) {
      problems.add(
        `${at}.httpApi.auth.username`,
        api.auth.username,
        '1 to 64 characters from A-Z a-z 0-9 . _ -',
        'pick a plain user name (with no username SRS lets `-u :` through)',
      );
    }
  }

  const http = config.httpServer;
  checkBoolean(problems, `${at}.httpServer.enabled`, http.enabled);
  listen(problems, `${at}.httpServer.listen`, http.listen);
  checkConfigToken(problems, `${at}.httpServer.dir`, http.dir, 'a directory path');
  checkBoolean(problems, `${at}.httpServer.crossdomain`, http.crossdomain);

  const rtc = config.rtcServer;
  checkBoolean(problems, `${at}.rtcServer.enabled`, rtc.enabled);
  udpPort(problems, `${at}.rtcServer.udpPort`, rtc.udpPort);
  if (rtc.candidate.kind === 'address') {
    if (!checkIpv4Candidate(rtc.candidate.address)) {
      problems.add(
        `${at}.rtcServer.candidate.address`,
        rtc.candidate.address,
        'the numeric IPv4 address WebRTC clients reach the host on',
        'give the host IP that browsers can reach (not 0.0.0.0), or take it from an env var',
      );
    }
  } else if (!ENV_NAME.test(rtc.candidate.variable)) {
    problems.add(
      `${at}.rtcServer.candidate.variable`,
      rtc.candidate.variable,
      'an environment variable name such as CANDIDATE',
      'use upper-case letters, digits and _',
    );
  }

  checkBoolean(problems, `${at}.srtServer.enabled`, config.srtServer.enabled);
  udpPort(problems, `${at}.srtServer.udpPort`, config.srtServer.udpPort);

  checkPortsUnique(problems, config, at);
  validateVhosts(problems, config, at);
  return [...problems.problems];
}

function checkIpv4Candidate(address: string): boolean {
  return isIpv4(address) && address !== '0.0.0.0';
}

function listen(problems: ProblemList, path: string, value: SrsTcpListen): void {
  checkIpv4(problems, `${path}.ip`, value.ip);
  checkPort(problems, `${path}.port`, value.port);
}

function udpPort(problems: ProblemList, path: string, value: unknown): void {
  checkUdpPort(problems, path, value);
}

/**
 * Directives the kit renders that not every supported release knows, with the first release per
 * major that accepts them; a major that is missing never had the directive. Older releases refuse
 * an unknown directive at start (`check_normal_config`: `illegal vhost.srt of __defaultVhost__`).
 * Read off srs_app_config.cpp in the SRS git history: `srt` became a vhost directive in 5.0.28 and
 * no 4.0 release has it (checked up to 4.0.271, the last); `rtmp_to_rtc` came in 4.0.174 and
 * `rtc_to_rtmp` in 4.0.95; `http_api.auth` in 5.0.152 and 6.0.40. 6.0.0 has the first three.
 */
export const SRS_DIRECTIVES_SINCE: Readonly<Record<string, Readonly<Record<number, SrsVersion>>>> = {
  'http_api.auth': NATIVE_AUTH_SINCE,
  'vhost.srt': { 5: { major: 5, minor: 0, patch: 28 }, 6: { major: 6, minor: 0, patch: 0 } },
  'vhost.rtc.rtmp_to_rtc': {
    4: { major: 4, minor: 0, patch: 174 },
    5: { major: 5, minor: 0, patch: 0 },
    6: { major: 6, minor: 0, patch: 0 },
  },
  'vhost.rtc.rtc_to_rtmp': {
    4: { major: 4, minor: 0, patch: 95 },
    5: { major: 5, minor: 0, patch: 0 },
    6: { major: 6, minor: 0, patch: 0 },
  },
};

/** "since 4.0.174, 5.0.0, 6.0.0" for error messages. */
function directiveSinceText(directivePath: string): string {
  const since = SRS_DIRECTIVES_SINCE[directivePath] ?? {};
  return `since ${Object.values(since).map(formatSrsVersion).join(', ')}`;
}

/**
 * Whether a release accepts a directive (path without vhost names, e.g. `vhost.srt.srt_to_rtmp`).
 * Directives not gated in SRS_DIRECTIVES_SINCE are taken as known to every supported release.
 */

export function srsAcceptsDirective(version: SrsVersion, directivePath: string): boolean {
  for (const [gated, since] of Object.entries(SRS_DIRECTIVES_SINCE)) {
    if (directivePath !== gated && !directivePath.startsWith(`${gated}.`)) continue;
    const first = since[version.major];
    if (first === undefined || compareSrsVersions(version, first) < 0) return false;
  }
  return true;
}

/** No two listeners on one port in one network namespace, TCP or UDP. */
function checkPortsUnique(problems: ProblemList, config: SrsConfig, at: string): void {
  const listeners: Array<[string, number, boolean]> = [
    [`${at}.rtmp.listen.port`, config.rtmp.listen.port, true],
    [`${at}.httpApi.listen.port`, config.httpApi.listen.port, config.httpApi.enabled],
    [`${at}.httpServer.listen.port`, config.httpServer.listen.port, config.httpServer.enabled],
    [`${at}.rtcServer.udpPort`, config.rtcServer.udpPort, config.rtcServer.enabled],
    [`${at}.srtServer.udpPort`, config.srtServer.udpPort, config.srtServer.enabled],
  ];
  problems.addAll(
    findPortClashes(listeners.filter(([, , on]) => on).map(([path, port]) => ({ path, port }))),
  );
}

/** Pairs of listeners that share a port; each clash is reported once, naming both. */
export function findPortClashes(listeners: ReadonlyArray<{ path: string; port: number }>): Problem[] {
  const seen = new Map<number, string>();
  const clashes: Problem[] = [];
  for (const { path, port } of listeners) {
    const first = seen.get(port);
    if (first !== undefined) {
      clashes.push({
        path,
        value: port,
        expected: `a port not already used by ${first}`,
        fix: 'give each listener its own port (SRS sets SO_REUSEPORT, so a clash would not even fail at start)',
      });
    } else {
      seen.set(port, path);
    }
  }
  return clashes;
}

function validateVhosts(problems: ProblemList, config: SrsConfig, at: string): void {
  if (config.vhosts.length === 0) {
    problems.add(`${at}.vhosts`, [], 'at least one vhost', `add a vhost named ${DEFAULT_VHOST}`);
  }
  const names = new Set<string>();
  config.vhosts.forEach((vhost, index) => {
    const path = `${at}.vhosts[${index}]`;
    if (vhost.name !== DEFAULT_VHOST && !isHostname(vhost.name)) {
      problems.add(
        `${path}.name`,
        vhost.name,
        `${DEFAULT_VHOST} or a DNS name`,
        'use a DNS name such as live.example.com',
      );
    }
    if (names.has(vhost.name)) {
      problems.add(
        `${path}.name`,
        vhost.name,
        'a name no other vhost has',
        'remove or rename the duplicate vhost',
      );
    }
    names.add(vhost.name);

    checkBoolean(problems, `${path}.hls.enabled`, vhost.hls.enabled);
    const fragmentOk = checkPositiveNumber(
      problems,
      `${path}.hls.fragmentSeconds`,
      vhost.hls.fragmentSeconds,
      3600,
    );
    const windowOk = checkPositiveNumber(
      problems,
      `${path}.hls.windowSeconds`,
      vhost.hls.windowSeconds,
      86400,
    );
    if (fragmentOk && windowOk && vhost.hls.windowSeconds < vhost.hls.fragmentSeconds) {
      problems.add(
        `${path}.hls.windowSeconds`,
        vhost.hls.windowSeconds,
        `at least hls.fragmentSeconds (${vhost.hls.fragmentSeconds})`,
        'make the playlist window at least one fragment long',
      );
    }
    checkConfigToken(problems, `${path}.hls.path`, vhost.hls.path, 'a directory path');

    checkBoolean(problems, `${path}.httpRemux.enabled`, vhost.httpRemux.enabled);
    if (
      checkConfigToken(problems, `${path}.httpRemux.mount`, vhost.httpRemux.mount, 'a mount pattern') &&
      !/^(\[vhost\])?\/.*\[app\].*\[stream\].*\.(flv|ts|aac|mp3)$/.test(vhost.httpRemux.mount)
    ) {
      problems.add(
        `${path}.httpRemux.mount`,
        vhost.httpRemux.mount,
        'a pattern like [vhost]/[app]/[stream].flv (with [app] and [stream], ending .flv, .ts, .aac or .mp3)',
        'use [vhost]/[app]/[stream].flv',
      );
    }

    checkBoolean(problems, `${path}.rtc.enabled`, vhost.rtc.enabled);
    checkBoolean(problems, `${path}.rtc.rtmpToRtc`, vhost.rtc.rtmpToRtc);
    checkBoolean(problems, `${path}.rtc.rtcToRtmp`, vhost.rtc.rtcToRtmp);
    checkBoolean(problems, `${path}.srt.enabled`, vhost.srt.enabled);
    checkBoolean(problems, `${path}.srt.srtToRtmp`, vhost.srt.srtToRtmp);
    // A release without the directive cannot be asked for the feature (the renderer leaves the
    // directive out, since SRS refuses to start on a directive it does not know).
    const gated: Array<[string, string, boolean]> = [
      ['vhost.rtc.rtmp_to_rtc', `${path}.rtc.rtmpToRtc`, vhost.rtc.rtmpToRtc],
      ['vhost.rtc.rtc_to_rtmp', `${path}.rtc.rtcToRtmp`, vhost.rtc.rtcToRtmp],
      ['vhost.srt', `${path}.srt.enabled`, vhost.srt.enabled || vhost.srt.srtToRtmp],
    ];
    for (const [directivePath, fieldPath, wanted] of gated) {
      // An unsupported major is reported once above, not once per directive.
      if (
        wanted &&
        SUPPORTED_SRS_MAJORS.includes(config.version.major) &&
        !srsAcceptsDirective(config.version, directivePath)
      ) {
        problems.add(
          fieldPath,
          true,
          `false on SRS ${formatSrsVersion(config.version)}, which has no \`${directivePath}\` (${directiveSinceText(directivePath)})`,
          `turn it off, or use an SRS release that has it`,
        );
      }
    }

    checkBoolean(problems, `${path}.hooks.enabled`, vhost.hooks.enabled);
    for (const [event, urls] of Object.entries(vhost.hooks.urls)) {
      if (!(SRS_HOOK_EVENTS as readonly string[]).includes(event)) {
        problems.add(
          `${path}.hooks.urls.${event}`,
          event,
          `one of ${SRS_HOOK_EVENTS.join(', ')}`,
          'use a known hook event',
        );
        continue;
      }
      (urls ?? []).forEach((url, i) => checkHookUrl(problems, `${path}.hooks.urls.${event}[${i}]`, url));
    }
    if (vhost.hooks.enabled && Object.values(vhost.hooks.urls).every((urls) => (urls ?? []).length === 0)) {
      problems.add(
        `${path}.hooks.urls`,
        {},
        'at least one hook URL when hooks are enabled',
        'add e.g. on_publish and on_play URLs of the token service, or disable hooks',
      );
    }
  });
}
