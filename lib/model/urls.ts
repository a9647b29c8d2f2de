import { ResolvedEnvironment } from './environment';

export interface EnvironmentUrl {
  readonly value: string;
  readonly description: string;
}

/** Ready-to-use URLs for an environment's enabled services (no credentials in any of them). */
export function environmentUrls(
  env: ResolvedEnvironment,
): Record<string, EnvironmentUrl> & { api_url: EnvironmentUrl } {
  const port = (service: string) => env.published.find((p) => p.service === service)?.hostPort;
  const host = env.publicHost;
  const apiPort = port('api')!;
  const api = `http://${host}:${apiPort}`;
  const urls: Record<string, EnvironmentUrl> & { api_url: EnvironmentUrl } = {
    api_url: { value: `${api}/api/v1/`, description: 'SRS HTTP API, through the Basic-auth proxy' },
    console_url: {
      value: consoleUrl(env),
      description: 'SRS console, through the proxy: the browser asks for the API user and password',
    },
  };
  const rtmp = port('rtmp');
  if (rtmp !== undefined) {
    urls.rtmp_url = {
      value: `rtmp://${host}:${rtmp}/live/livestream`,
      description: 'RTMP publish/play URL (example stream)',
    };
  }
  const http = port('http');
  if (http !== undefined) {
    urls.hls_url = {
      value: `http://${host}:${http}/live/livestream.m3u8`,
      description: 'HLS playback URL (example stream)',
    };
    urls.flv_url = {
      value: `http://${host}:${http}/live/livestream.flv`,
      description: 'HTTP-FLV playback URL (example stream)',
    };
  }
  if (port('webrtc') !== undefined) {
    urls.whip_url = {
      value: `${api}/rtc/v1/whip/?app=live&stream=livestream`,
      description: 'WebRTC WHIP publish URL (signalling through the proxy; media on UDP)',
    };
    urls.whep_url = {
      value: `${api}/rtc/v1/whep/?app=live&stream=livestream`,
      description: 'WebRTC WHEP play URL',
    };
  }
  const srt = port('srt');
  if (srt !== undefined) {
    urls.srt_url = {
      value: `srt://${host}:${srt}?streamid=#!::r=live/livestream,m=publish`,
      description: 'SRT publish URL (example stream)',
    };
  }
  return urls;
}

/**
 * The console as SRS serves it on its API port, reached through the proxy: the page and every
 * API call share one origin and one login. The `#/` route must be present (with userinfo in the
 * URL and no route the console breaks), and host/port after `#` point its API calls at the proxy.
 */
export function consoleUrl(env: ResolvedEnvironment, userinfo?: string): string {
  const apiPort = env.published.find((p) => p.service === 'api')!.hostPort;
  const login = userinfo === undefined ? '' : `${userinfo}@`;
  return `http://${login}${env.publicHost}:${apiPort}/console/ng_index.html#/summaries?host=${env.publicHost}&port=${apiPort}`;
}
