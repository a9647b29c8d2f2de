import { checkBoolean, checkIpv4, checkPort, isHostname, isIpv4 } from './checks';
import { KitValidationError, Problem, ProblemList } from './problems';
import {
  DEFAULT_VHOST,
  findPortClashes,
  SrsConfig,
  SrsHookEvent,
  isValidApiUsername,
  srsAcceptsDirective,
  SrsLogLevel,
  validateSrsConfig,
} from './srs-config';
import { srsEnvProblems } from './srs-env-rules';
import { parseSrsVersion } from './versions';

/**
 * How the HTTP API is protected.
 * - `proxy`: nginx checks Basic auth in front of SRS; works for every SRS release, SRS 4 included.
 * - `native`: SRS's own `http_api.auth` (5.0.152+/6.0.40+); nginx only forwards.
 * - `both`: nginx checks, and SRS checks the same credentials again (defence in depth).
 */
export type ApiAuthMode = 'proxy' | 'native' | 'both';
export const API_AUTH_MODES: readonly ApiAuthMode[] = ['proxy', 'native', 'both'];

/** How the SRS container gets its config: an uploaded srs.conf (`-c`), or `SRS_*` variables (`-e`). */
export type SrsConfigDelivery = 'file' | 'env';
export const SRS_CONFIG_DELIVERIES: readonly SrsConfigDelivery[] = ['file', 'env'];

/** Hook URLs per event; SRS calls each in turn and refuses the client unless every one answers 0. */
export interface SrsHookUrls {
  readonly onConnect?: readonly string[];
  readonly onClose?: readonly string[];
  readonly onPublish?: readonly string[];
  readonly onUnpublish?: readonly string[];
  readonly onPlay?: readonly string[];
  readonly onStop?: readonly string[];
  readonly onDvr?: readonly string[];
  readonly onHls?: readonly string[];
}

const HOOK_EVENT_OF: Readonly<Record<keyof SrsHookUrls, SrsHookEvent>> = {
  onConnect: 'on_connect',
  onClose: 'on_close',
  onPublish: 'on_publish',
  onUnpublish: 'on_unpublish',
  onPlay: 'on_play',
  onStop: 'on_stop',
  onDvr: 'on_dvr',
  onHls: 'on_hls',
};

/** One staging environment, as a platform engineer declares it. */
export interface SrsEnvironmentSpec {
  /** Names the stack, the Docker network and the containers: 1-24 of a-z, 0-9 and -, starting with a letter. */
  readonly name: string;
  /**
   * Exact SRS release; the image is `ossrs/srs:<srsVersion>`.
   * @default '5.0.213'
   */
  readonly srsVersion?: string;
  /**
   * Image digest (`sha256:<64 hex>`) to pin the SRS image beyond its tag.
   * @default - pinned by exact tag only
   */
  readonly srsImageDigest?: string;
  /**
   * Exact nginx release; the image is `nginx:<nginxVersion>` (Debian-based).
   * @default '1.28.0'
   */
  readonly nginxVersion?: string;
  /**
   * Image digest (`sha256:<64 hex>`) for the nginx image.
   * @default - pinned by exact tag only
   */
  readonly nginxImageDigest?: string;
  /** @default 'proxy' */
  readonly authMode?: ApiAuthMode;
  /**
   * Require Basic auth on the WebRTC signalling paths (`/rtc/v1/...`) too. Browsers' WebRTC
   * clients cannot send Basic auth, so by default those paths are left to `http_hooks`.
   * @default false
   */
  readonly protectRtcSignalling?: boolean;
  /**
   * Host address every published port binds to. Loopback keeps a fresh staging stack off the
   * network until someone decides otherwise; use the host's LAN address or 0.0.0.0 to share it.
   * @default '127.0.0.1'
   */
  readonly hostAddress?: string;
  /**
   * Host name or address written into the output URLs.
   * @default - hostAddress, or 'localhost' when hostAddress is 0.0.0.0
   */
  readonly publicHost?: string;
  /** Host port of the authenticating proxy (the public API). @default 1985, or allocated from the fleet's port range */
  readonly apiHostPort?: number;
  /** Publish RTMP. @default true */
  readonly rtmpEnabled?: boolean;
  /** @default 1935, or allocated from the fleet's port range */
  readonly rtmpHostPort?: number;
  /** Publish SRS's HTTP server (HLS, HTTP-FLV, the console). @default true */
  readonly httpEnabled?: boolean;
  /** @default 8080, or allocated from the fleet's port range */
  readonly httpHostPort?: number;
  /** Run and publish WebRTC. @default true */
  readonly webrtcEnabled?: boolean;
  /**
   * WebRTC UDP port, the same inside the container and on the host: SRS announces its listen port
   * in the SDP, so remapping it would break WebRTC.
   * @default 8000, or allocated from the fleet's port range
   */
  readonly webrtcUdpPort?: number;
  /**
   * Address WebRTC clients send media to (`rtc_server.candidate`): a numeric IPv4 address.
   * @default - publicHost when it is a numeric address other than 0.0.0.0
   */
  readonly webrtcCandidate?: string;
  /** Run and publish SRT. @default false */
  readonly srtEnabled?: boolean;
  /** SRT UDP port, the same inside and outside. @default 10080, or allocated from the fleet's port range */
  readonly srtUdpPort?: number;
  /** Token-service URLs SRS calls on stream events (how SRS secures publishing and WebRTC). @default - no hooks */
  readonly hookUrls?: SrsHookUrls;
  /** @default 'file' */
  readonly configDelivery?: SrsConfigDelivery;
  /** @default 'trace' */
  readonly logLevel?: SrsLogLevel;
  /** @default 1000 */
  readonly maxConnections?: number;
  /** Variable holding the API user name at synth time. @default 'SRS_API_USERNAME' (its value defaults to 'admin') */
  readonly apiUsernameEnvVar?: string;
  /** Variable holding the API password at synth time. @default 'SRS_API_PASSWORD' (unset: a generated, stored password) */
  readonly apiPasswordEnvVar?: string;
}

/** Several environments, typically sharing one Docker host. */
export interface SrsFleetSpec {
  /**
   * Host ports not given explicitly come from this range: environment i (in declaration order)
   * owns a slot of 5 ports from `from + 5i`, one per service (api, rtmp, http, webrtc, srt). Append
   * new environments at the end to keep existing ones on their ports; a given port that falls in
   * another environment's slot is reported as a clash.
   * @default - the standard ports (1985, 1935, 8080, 8000, 10080)
   */
  readonly hostPortRange?: { readonly from: number; readonly to: number };
  readonly environments: readonly SrsEnvironmentSpec[];
}

export type PublishedService = 'api' | 'rtmp' | 'http' | 'webrtc' | 'srt';

export interface PublishedPort {
  readonly service: PublishedService;
  readonly protocol: 'tcp' | 'udp';
  readonly hostPort: number;
  readonly containerPort: number;
}

/** What the proxy renderer needs; decided here, never re-decided downstream. */
export interface ApiProxyConfig {
  /** Port nginx listens on inside the shared network namespace (published as the API port). */
  readonly listenPort: number;
  /** Where SRS's API listens: loopback of the shared namespace. */
  readonly upstream: { readonly ip: string; readonly port: number };
  /** nginx checks Basic auth (`proxy`, `both`). */
  readonly basicAuth: boolean;
  /** Pass the client's Authorization header to SRS (`native`, `both`); stripped in `proxy`. */
  readonly forwardAuthorization: boolean;
  /** `/rtc/v1/<endpoint>/` reaches SRS without credentials. */
  readonly publicRtcSignalling: boolean;
  /** The Basic-auth realm browsers show. */
  readonly realm: string;
}

export interface ResolvedEnvironment {
  readonly name: string;
  readonly authMode: ApiAuthMode;
  readonly configDelivery: SrsConfigDelivery;
  readonly srsImage: string;
  readonly nginxImage: string;
  readonly hostAddress: string;
  readonly publicHost: string;
  readonly published: readonly PublishedPort[];
  readonly srs: SrsConfig;
  readonly proxy: ApiProxyConfig;
  readonly apiUsername: string;
  readonly apiPasswordEnvVar: string;
  readonly names: {
    readonly network: string;
    readonly srsContainer: string;
    readonly proxyContainer: string;
  };
}

export const DEFAULTS = {
  srsVersion: '5.0.213',
  nginxVersion: '1.28.0',
  authMode: 'proxy' as ApiAuthMode,
  hostAddress: '127.0.0.1',
  apiHostPort: 1985,
  rtmpHostPort: 1935,
  httpHostPort: 8080,
  webrtcUdpPort: 8000,
  srtUdpPort: 10080,
  configDelivery: 'file' as SrsConfigDelivery,
  logLevel: 'trace' as SrsLogLevel,
  maxConnections: 1000,
  apiUsernameEnvVar: 'SRS_API_USERNAME',
  apiPasswordEnvVar: 'SRS_API_PASSWORD',
} as const;

/**
 * The port plan inside the SRS container's network namespace, which nginx joins. nginx and SRS
 * cannot share a port there (SRS sets SO_REUSEPORT, so a clash would not even fail loudly), so
 * SRS's API sits on a loopback-only port of its own and nginx takes the public API port.
 */
export const CONTAINER_PORTS = {
  proxy: 1985,
  srsApi: 1986,
  rtmp: 1935,
  http: 8080,
} as const;

export const SRS_API_LOOPBACK = '127.0.0.1';

const ENV_NAME = /^[a-z][a-z0-9-]{0,23}$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const NGINX_VERSION = /^\d+\.\d+\.\d+$/;

/** The keys of the host ports a spec may give, with the service each belongs to. */
const HOST_PORT_KEYS = [
  ['apiHostPort', 'api'],
  ['rtmpHostPort', 'rtmp'],
  ['httpHostPort', 'http'],
  ['webrtcUdpPort', 'webrtc'],
  ['srtUdpPort', 'srt'],
] as const;
type HostPortKey = (typeof HOST_PORT_KEYS)[number][0];
const PORT_KEY_OF = Object.fromEntries(HOST_PORT_KEYS.map(([key, service]) => [service, key])) as Record<
  PublishedService,
  HostPortKey
>;

/**
 * Validates and resolves a fleet: defaults applied, ports allocated, every problem of every
 * environment collected. Throws KitValidationError listing them all; returns only a fully valid fleet.
 */
export function resolveFleet(fleet: SrsFleetSpec, variables: SynthVariables = {}): ResolvedEnvironment[] {
  const { environments, problems } = checkFleet(fleet, variables);
  if (problems.length > 0) throw new KitValidationError(problems);
  return environments;
}

/**
 * Like resolveFleet, but returns the problems instead of throwing, with every environment that
 * did resolve, so that later steps (credentials) can add their problems to the same report.
 */
export function checkFleet(
  fleet: SrsFleetSpec,
  variables: SynthVariables = {},
): { environments: ResolvedEnvironment[]; problems: Problem[] } {
  const problems = new ProblemList();
  if (fleet.environments.length === 0) {
    problems.add(
      'environments',
      [],
      'at least one environment',
      'declare an environment, e.g. { name: "staging" }',
    );
  }
  const ports = allocateHostPorts(fleet, problems);
  const resolved = fleet.environments.map((spec, index) =>
    resolveOne(spec, index, ports[index], variables, problems),
  );
  checkFleetClashes(fleet, resolved, problems);
  return {
    environments: resolved.filter((env): env is ResolvedEnvironment => env !== undefined),
    problems: [...problems.problems],
  };
}

/** Resolves one environment on its own (standard ports unless given). */
export function resolveEnvironment(
  spec: SrsEnvironmentSpec,
  variables: SynthVariables = {},
): ResolvedEnvironment {
  return resolveFleet({ environments: [spec] }, variables)[0];
}

/** The process environment at synth time, passed in so that resolution stays a pure function. */
export type SynthVariables = Readonly<Record<string, string | undefined>>;

export const DEFAULT_API_USERNAME = 'admin';

function envPath(spec: SrsEnvironmentSpec, index: number): string {
  return typeof spec.name === 'string' && spec.name !== ''
    ? `environments[${spec.name}]`
    : `environments[${index}]`;
}

function isServiceOn(spec: SrsEnvironmentSpec, service: PublishedService): boolean {
  switch (service) {
    case 'api':
      return true;
    case 'rtmp':
      return spec.rtmpEnabled ?? true;
    case 'http':
      return spec.httpEnabled ?? true;
    case 'webrtc':
      return spec.webrtcEnabled ?? true;
    case 'srt':
      return spec.srtEnabled ?? false;
  }
}

const STANDARD_PORT: Readonly<Record<HostPortKey, number>> = {
  apiHostPort: DEFAULTS.apiHostPort,
  rtmpHostPort: DEFAULTS.rtmpHostPort,
  httpHostPort: DEFAULTS.httpHostPort,
  webrtcUdpPort: DEFAULTS.webrtcUdpPort,
  srtUdpPort: DEFAULTS.srtUdpPort,
};

/** Host ports one environment may need: its slot in a hostPortRange is this wide. */
export const PORTS_PER_ENVIRONMENT = HOST_PORT_KEYS.length;

/**
 * Host ports per environment. Given ports win; the rest are the standard ports without a range,
 * or come from the environment's own slot of the range: environment i (in declaration order)
 * owns ports from + 5i .. from + 5i + 4, one per service (api, rtmp, http, webrtc, srt), whether
 * the service is on or not. So turning a service on or off, or appending an environment, moves
 * no other port.
 */
function allocateHostPorts(
  fleet: SrsFleetSpec,
  problems: ProblemList,
): Array<Partial<Record<HostPortKey, number>>> {
  const range = fleet.hostPortRange;
  let rangeOk = false;
  if (range !== undefined) {
    rangeOk =
      checkPort(problems, 'hostPortRange.from', range.from) &&
      checkPort(problems, 'hostPortRange.to', range.to);
    if (rangeOk && range.to < range.from) {
      problems.add('hostPortRange', range, 'from <= to', 'swap the bounds');
      rangeOk = false;
    }
  }
  return fleet.environments.map((spec, index) => {
    const result: Partial<Record<HostPortKey, number>> = {};
    HOST_PORT_KEYS.forEach(([key, service], offset) => {
      if (spec[key] !== undefined) {
        result[key] = spec[key];
      } else if (!isServiceOn(spec, service)) {
        return;
      } else if (range === undefined) {
        result[key] = STANDARD_PORT[key];
      } else if (rangeOk) {
        const port = range.from + index * PORTS_PER_ENVIRONMENT + offset;
        if (port > range.to) {
          problems.add(
            `${envPath(spec, index)}.${key}`,
            undefined,
            `a port in hostPortRange ${range.from}-${range.to} (environment ${index + 1} owns ${range.from + index * PORTS_PER_ENVIRONMENT}-${range.from + index * PORTS_PER_ENVIRONMENT + PORTS_PER_ENVIRONMENT - 1})`,
            `widen hostPortRange to at least ${fleet.environments.length * PORTS_PER_ENVIRONMENT} ports (${PORTS_PER_ENVIRONMENT} per environment) or give the port explicitly`,
          );
        } else {
          result[key] = port;
        }
      }
    });
    return result;
  });
}

function resolveOne(
  spec: SrsEnvironmentSpec,
  index: number,
  ports: Partial<Record<HostPortKey, number>>,
  variables: SynthVariables,
  fleetProblems: ProblemList,
): ResolvedEnvironment | undefined {
  const problems = new ProblemList();
  const at = envPath(spec, index);

  if (typeof spec.name !== 'string' || !ENV_NAME.test(spec.name)) {
    problems.add(
      `${at}.name`,
      spec.name,
      '1-24 characters of a-z, 0-9 and -, starting with a letter',
      'rename the environment, e.g. "staging" or "team-a": it becomes Docker network and container names',
    );
  }

  const srsVersionText = spec.srsVersion ?? DEFAULTS.srsVersion;
  const srsVersion = parseSrsVersion(srsVersionText);
  if (srsVersion === undefined) {
    problems.add(
      `${at}.srsVersion`,
      srsVersionText,
      'an exact release such as 5.0.213 or 6.0.155 (image tags like "5" or "latest" move)',
      'pin an exact ossrs/srs release',
    );
  }
  const nginxVersion = spec.nginxVersion ?? DEFAULTS.nginxVersion;
  if (!NGINX_VERSION.test(nginxVersion)) {
    problems.add(
      `${at}.nginxVersion`,
      nginxVersion,
      'an exact release such as 1.28.0',
      'pin an exact nginx release',
    );
  }
  for (const key of ['srsImageDigest', 'nginxImageDigest'] as const) {
    const digest = spec[key];
    if (digest !== undefined && !DIGEST.test(digest)) {
      problems.add(
        `${at}.${key}`,
        digest,
        'sha256: followed by 64 lower-case hex digits',
        'copy the digest from `docker buildx imagetools inspect <image>` (see README)',
      );
    }
  }

  const authMode = spec.authMode ?? DEFAULTS.authMode;
  if (!API_AUTH_MODES.includes(authMode)) {
    problems.add(
      `${at}.authMode`,
      authMode,
      `one of ${API_AUTH_MODES.join(', ')}`,
      "use 'proxy' unless you need SRS's own auth",
    );
  }
  const configDelivery = spec.configDelivery ?? DEFAULTS.configDelivery;
  if (!SRS_CONFIG_DELIVERIES.includes(configDelivery)) {
    problems.add(
      `${at}.configDelivery`,
      configDelivery,
      "'file' or 'env'",
      "use 'file' (srs.conf) unless you need `srs -e`",
    );
  }
  const protectRtc = spec.protectRtcSignalling ?? false;
  checkBoolean(problems, `${at}.protectRtcSignalling`, protectRtc);
  if (authMode === 'native' && protectRtc) {
    problems.add(
      `${at}.protectRtcSignalling`,
      true,
      "false with authMode 'native' (SRS's own auth never covers /rtc/)",
      "use authMode 'both' or 'proxy' to lock the signalling paths",
    );
  }
  for (const key of ['rtmpEnabled', 'httpEnabled', 'webrtcEnabled', 'srtEnabled'] as const) {
    if (spec[key] !== undefined) checkBoolean(problems, `${at}.${key}`, spec[key]);
  }

  const hostAddress = spec.hostAddress ?? DEFAULTS.hostAddress;
  checkIpv4(problems, `${at}.hostAddress`, hostAddress);
  const publicHost = spec.publicHost ?? (hostAddress === '0.0.0.0' ? 'localhost' : hostAddress);
  if (!isHostname(publicHost) && !isIpv4(publicHost)) {
    problems.add(
      `${at}.publicHost`,
      publicHost,
      'a host name or numeric IPv4 address',
      'give the name users reach the host by',
    );
  }

  for (const [key] of HOST_PORT_KEYS) {
    if (ports[key] !== undefined) checkPort(problems, `${at}.${key}`, ports[key]);
  }

  for (const key of ['apiUsernameEnvVar', 'apiPasswordEnvVar'] as const) {
    const name = spec[key];
    if (name !== undefined && !VARIABLE_NAME.test(name)) {
      problems.add(`${at}.${key}`, name, 'an environment variable name', 'use letters, digits and _');
    }
  }
  const usernameVariable = spec.apiUsernameEnvVar ?? DEFAULTS.apiUsernameEnvVar;
  const username = variables[usernameVariable] || DEFAULT_API_USERNAME;
  if (!isValidApiUsername(username)) {
    problems.add(
      `${at}.apiUsername (from $${usernameVariable})`,
      username,
      '1 to 64 characters from A-Z a-z 0-9 . _ - (no ":", which would split the Basic-auth token)',
      `set ${usernameVariable} to a plain user name, or unset it for "${DEFAULT_API_USERNAME}"`,
    );
  }

  const webrtcEnabled = isServiceOn(spec, 'webrtc');
  const candidateText =
    spec.webrtcCandidate ?? (isIpv4(publicHost) && publicHost !== '0.0.0.0' ? publicHost : undefined);
  if (webrtcEnabled && candidateText === undefined) {
    problems.add(
      `${at}.webrtcCandidate`,
      undefined,
      'the numeric IPv4 address browsers reach this host on',
      'set webrtcCandidate (publicHost is not a numeric address), or set webrtcEnabled: false',
    );
  }
  if (candidateText !== undefined && !(isIpv4(candidateText) && candidateText !== '0.0.0.0')) {
    problems.add(
      `${at}.webrtcCandidate`,
      candidateText,
      'the numeric IPv4 address browsers reach this host on (not 0.0.0.0, not a name)',
      'give the host address WebRTC clients can reach, e.g. its LAN IP',
    );
  }
  const candidate = { kind: 'address', address: candidateText ?? '127.0.0.1' } as const;

  const urls: Partial<Record<SrsHookEvent, readonly string[]>> = {};
  for (const [key, urlList] of Object.entries(spec.hookUrls ?? {})) {
    const event = HOOK_EVENT_OF[key as keyof SrsHookUrls];
    if (event === undefined) {
      problems.add(
        `${at}.hookUrls.${key}`,
        key,
        `one of ${Object.keys(HOOK_EVENT_OF).join(', ')}`,
        'use a known hook name',
      );
    } else if (!Array.isArray(urlList)) {
      problems.add(`${at}.hookUrls.${key}`, urlList, 'a list of URLs', 'wrap the URL in [ ]');
    } else if (urlList.length > 0) {
      urls[event] = urlList;
    }
  }

  fleetProblems.addAll(problems.problems);
  if (srsVersion === undefined) return undefined;

  const webrtcPort = ports.webrtcUdpPort ?? DEFAULTS.webrtcUdpPort;
  const srtPort = ports.srtUdpPort ?? DEFAULTS.srtUdpPort;
  const srs: SrsConfig = {
    version: srsVersion,
    rtmp: {
      listen: { ip: '0.0.0.0', port: CONTAINER_PORTS.rtmp },
      maxConnections: spec.maxConnections ?? DEFAULTS.maxConnections,
    },
    logLevel: spec.logLevel ?? DEFAULTS.logLevel,
    httpApi: {
      enabled: true,
      listen: { ip: SRS_API_LOOPBACK, port: CONTAINER_PORTS.srsApi },
      // The console calls the API with JSONP, so CORS is never needed for it; WHIP/WHEP clients in
      // browsers on other origins do need it.
      crossdomain: true,
      // The user name goes into srs.conf only when SRS checks it; nginx gets it from apiUsername.
      auth: { enabled: authMode !== 'proxy', username: authMode !== 'proxy' ? username : '' },
    },
    httpServer: {
      enabled: isServiceOn(spec, 'http'),
      listen: { ip: '0.0.0.0', port: CONTAINER_PORTS.http },
      dir: './objs/nginx/html',
      crossdomain: true,
    },
    rtcServer: { enabled: webrtcEnabled, udpPort: webrtcPort, candidate },
    srtServer: { enabled: isServiceOn(spec, 'srt'), udpPort: srtPort },
    vhosts: [
      {
        name: DEFAULT_VHOST,
        hls: {
          enabled: isServiceOn(spec, 'http'),
          fragmentSeconds: 2,
          windowSeconds: 10,
          path: './objs/nginx/html',
        },
        httpRemux: { enabled: isServiceOn(spec, 'http'), mount: '[vhost]/[app]/[stream].flv' },
        // Bridging RTMP<->WebRTC and the per-vhost SRT block where the release has them (SRS 4
        // before 4.0.174 has no rtmp_to_rtc; before 5.0.28 SRT needs no vhost block).
        rtc: {
          enabled: webrtcEnabled,
          rtmpToRtc: webrtcEnabled && srsAcceptsDirective(srsVersion, 'vhost.rtc.rtmp_to_rtc'),
          rtcToRtmp: webrtcEnabled && srsAcceptsDirective(srsVersion, 'vhost.rtc.rtc_to_rtmp'),
        },
        srt: {
          enabled: isServiceOn(spec, 'srt') && srsAcceptsDirective(srsVersion, 'vhost.srt'),
          srtToRtmp: isServiceOn(spec, 'srt') && srsAcceptsDirective(srsVersion, 'vhost.srt'),
        },
        hooks: { enabled: Object.keys(urls).length > 0, urls },
      },
    ],
  };
  const srsProblems: Problem[] = [
    ...validateSrsConfig(srs, `${at}.srs`),
    ...(configDelivery === 'env' ? srsEnvProblems(srs, `${at}.srs`) : []),
  ];
  fleetProblems.addAll(srsProblems);
  if (srsProblems.length > 0 || !problems.isEmpty) return undefined;

  const published: PublishedPort[] = [
    { service: 'api', protocol: 'tcp', hostPort: ports.apiHostPort!, containerPort: CONTAINER_PORTS.proxy },
  ];
  if (ports.rtmpHostPort !== undefined && isServiceOn(spec, 'rtmp')) {
    published.push({
      service: 'rtmp',
      protocol: 'tcp',
      hostPort: ports.rtmpHostPort,
      containerPort: CONTAINER_PORTS.rtmp,
    });
  }
  if (ports.httpHostPort !== undefined && isServiceOn(spec, 'http')) {
    published.push({
      service: 'http',
      protocol: 'tcp',
      hostPort: ports.httpHostPort,
      containerPort: CONTAINER_PORTS.http,
    });
  }
  if (webrtcEnabled) {
    published.push({ service: 'webrtc', protocol: 'udp', hostPort: webrtcPort, containerPort: webrtcPort });
  }
  if (isServiceOn(spec, 'srt')) {
    published.push({ service: 'srt', protocol: 'udp', hostPort: srtPort, containerPort: srtPort });
  }

  const name = spec.name;
  return {
    name,
    authMode,
    configDelivery,
    srsImage: `ossrs/srs:${srsVersionText}${spec.srsImageDigest ? `@${spec.srsImageDigest}` : ''}`,
    nginxImage: `nginx:${nginxVersion}${spec.nginxImageDigest ? `@${spec.nginxImageDigest}` : ''}`,
    hostAddress,
    publicHost,
    published,
    srs,
    proxy: {
      listenPort: CONTAINER_PORTS.proxy,
      upstream: { ip: SRS_API_LOOPBACK, port: CONTAINER_PORTS.srsApi },
      basicAuth: authMode !== 'native',
      forwardAuthorization: authMode !== 'proxy',
      publicRtcSignalling: !protectRtc,
      realm: `SRS API (${name})`,
    },
    apiUsername: username,
    apiPasswordEnvVar: spec.apiPasswordEnvVar ?? DEFAULTS.apiPasswordEnvVar,
    names: { network: `srs-${name}`, srsContainer: `srs-${name}`, proxyContainer: `srs-${name}-api-proxy` },
  };
}

/** Same name twice, or the same host port (per protocol and address) used by two environments. */
function checkFleetClashes(
  fleet: SrsFleetSpec,
  resolved: ReadonlyArray<ResolvedEnvironment | undefined>,
  problems: ProblemList,
): void {
  const names = new Map<string, number>();
  fleet.environments.forEach((spec, index) => {
    const first = names.get(spec.name);
    if (first !== undefined) {
      problems.add(
        `environments[${index}].name`,
        spec.name,
        `a name not used by environments[${first}]`,
        'give every environment its own name (it names the stack, network and containers)',
      );
    } else {
      names.set(spec.name, index);
    }
  });
  // Within one environment TCP and UDP ports must differ too (one namespace); across environments
  // a port clashes when protocol and port match and the addresses overlap (0.0.0.0 overlaps all).
  const owners = new Map<string, Array<{ label: string; address: string }>>();
  // Docker container names derive from environment names: `x-api-proxy` and `x` would both want
  // a container named srs-x-api-proxy.
  const containerOwners = new Map<string, string>();
  for (const env of resolved) {
    if (env === undefined) continue;
    for (const container of [env.names.srsContainer, env.names.proxyContainer]) {
      const owner = containerOwners.get(container);
      if (owner !== undefined && owner !== env.name) {
        problems.add(
          `environments[${env.name}].name`,
          env.name,
          `a name whose Docker container names (${env.names.srsContainer}, ${env.names.proxyContainer}) no other environment uses; environments[${owner}] uses ${container}`,
          'rename one of the two environments (names ending in -api-proxy collide with the proxy of another)',
        );
      }
      containerOwners.set(container, env.name);
    }
  }
  const seenNames = new Set<string>();
  for (const env of resolved) {
    // A duplicate name is reported above; its ports would only repeat that as clashes.
    if (env === undefined || seenNames.has(env.name)) continue;
    seenNames.add(env.name);
    problems.addAll(
      findPortClashes(
        env.published.map((p) => ({
          path: `environments[${env.name}].${PORT_KEY_OF[p.service]}`,
          port: p.hostPort,
        })),
      ),
    );
    for (const port of env.published) {
      const key = `${port.protocol}/${port.hostPort}`;
      const earlier = owners.get(key) ?? [];
      const clash = earlier.find(
        (o) => o.address === env.hostAddress || o.address === '0.0.0.0' || env.hostAddress === '0.0.0.0',
      );
      if (clash !== undefined) {
        problems.add(
          `environments[${env.name}].${PORT_KEY_OF[port.service]}`,
          `${port.protocol} ${env.hostAddress}:${port.hostPort}`,
          `a host port not already published by ${clash.label}`,
          'give one of the two environments another port, or declare a hostPortRange to allocate from',
        );
      }
      owners.set(key, [
        ...earlier,
        { label: `environments[${env.name}] (${port.service})`, address: env.hostAddress },
      ]);
    }
  }
}
