import {
  SRS_HOOK_EVENTS,
  srsAcceptsDirective,
  SrsConfig,
  SrsTcpListen,
  SrsVhostConfig,
} from '../model/srs-config';
import { SrsVersion } from '../model/versions';
import { block, directive, formatSrsConf, onOff, SrsDirective } from './srs-conf-syntax';

/** The path the kit uploads srs.conf to, relative to the image's WORKDIR (/usr/local/srs). */
export const SRS_CONFIG_PATH = 'conf/srs-secure-kit.conf';

function tcp(listen: SrsTcpListen): string {
  return `${listen.ip}:${listen.port}`;
}

/** The model as SRS directives, in the order of SRS's own full.conf. */
export function srsConfigToDirectives(config: SrsConfig): SrsDirective[] {
  const api = config.httpApi;
  const apiChildren = [
    directive('enabled', onOff(api.enabled)),
    directive('listen', tcp(api.listen)),
    directive('crossdomain', onOff(api.crossdomain)),
    // raw_api lets API callers rewrite and reload the config: never wanted in a managed stack.
    block('raw_api', [], [directive('enabled', 'off'), directive('allow_reload', 'off')]),
  ];
  if (api.auth.enabled) {
    // The password is deliberately absent: SRS takes it from SRS_HTTP_API_AUTH_PASSWORD.
    apiChildren.push(
      block('auth', [], [directive('enabled', 'on'), directive('username', api.auth.username)]),
    );
  }
  const http = config.httpServer;
  const rtc = config.rtcServer;
  const candidate = rtc.candidate.kind === 'address' ? rtc.candidate.address : `$${rtc.candidate.variable}`;
  return [
    directive('listen', tcp(config.rtmp.listen)),
    directive('max_connections', config.rtmp.maxConnections),
    directive('daemon', 'off'),
    directive('srs_log_tank', 'console'),
    directive('srs_log_level', config.logLevel),
    block('http_api', [], apiChildren),
    block(
      'http_server',
      [],
      [
        directive('enabled', onOff(http.enabled)),
        directive('listen', tcp(http.listen)),
        directive('dir', http.dir),
        directive('crossdomain', onOff(http.crossdomain)),
      ],
    ),
    block(
      'rtc_server',
      [],
      [
        directive('enabled', onOff(rtc.enabled)),
        directive('listen', rtc.udpPort),
        directive('candidate', candidate),
      ],
    ),
    block(
      'srt_server',
      [],
      [directive('enabled', onOff(config.srtServer.enabled)), directive('listen', config.srtServer.udpPort)],
    ),
    ...config.vhosts.map((vhost) => vhostToDirective(vhost, config.version)),
  ];
}

/** Directives a release does not know are left out (SRS refuses to start on them). */
function vhostToDirective(vhost: SrsVhostConfig, version: SrsVersion): SrsDirective {
  const has = (path: string) => srsAcceptsDirective(version, path);
  const hookLines = SRS_HOOK_EVENTS.flatMap((event) => {
    const urls = vhost.hooks.urls[event] ?? [];
    return urls.length > 0 ? [directive(event, ...urls)] : [];
  });
  return block(
    'vhost',
    [vhost.name],
    [
      block(
        'hls',
        [],
        [
          directive('enabled', onOff(vhost.hls.enabled)),
          directive('hls_fragment', vhost.hls.fragmentSeconds),
          directive('hls_window', vhost.hls.windowSeconds),
          directive('hls_path', vhost.hls.path),
        ],
      ),
      block(
        'http_remux',
        [],
        [directive('enabled', onOff(vhost.httpRemux.enabled)), directive('mount', vhost.httpRemux.mount)],
      ),
      block(
        'rtc',
        [],
        [
          directive('enabled', onOff(vhost.rtc.enabled)),
          ...(has('vhost.rtc.rtmp_to_rtc') ? [directive('rtmp_to_rtc', onOff(vhost.rtc.rtmpToRtc))] : []),
          ...(has('vhost.rtc.rtc_to_rtmp') ? [directive('rtc_to_rtmp', onOff(vhost.rtc.rtcToRtmp))] : []),
        ],
      ),
      ...(has('vhost.srt')
        ? [
            block(
              'srt',
              [],
              [
                directive('enabled', onOff(vhost.srt.enabled)),
                directive('srt_to_rtmp', onOff(vhost.srt.srtToRtmp)),
              ],
            ),
          ]
        : []),
      block('http_hooks', [], [directive('enabled', onOff(vhost.hooks.enabled)), ...hookLines]),
    ],
  );
}

/** srs.conf text for the model. Pure: the same model always gives the same bytes. */
export function renderSrsConfig(config: SrsConfig, header: readonly string[] = []): string {
  return formatSrsConf(srsConfigToDirectives(config), header);
}
