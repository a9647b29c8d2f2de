import { DEFAULT_VHOST, SrsConfig } from '../../lib/model/srs-config';

/**
 * The kit's default staging model, written out (what resolveEnvironment({ name: 'staging' }).srs
 * gives; a test in __tests__/model/srs-config.test.ts keeps the two equal). Tests derive their
 * variants from it with spreads.
 */
export const STAGING_SRS_CONFIG: SrsConfig = {
  version: { major: 5, minor: 0, patch: 213 },
  rtmp: { listen: { ip: '0.0.0.0', port: 1935 }, maxConnections: 1000 },
  logLevel: 'trace',
  httpApi: {
    enabled: true,
    listen: { ip: '127.0.0.1', port: 1986 },
    crossdomain: true,
    auth: { enabled: false, username: '' },
  },
  httpServer: {
    enabled: true,
    listen: { ip: '0.0.0.0', port: 8080 },
    dir: './objs/nginx/html',
    crossdomain: true,
  },
  rtcServer: { enabled: true, udpPort: 8000, candidate: { kind: 'address', address: '127.0.0.1' } },
  srtServer: { enabled: false, udpPort: 10080 },
  vhosts: [
    {
      name: DEFAULT_VHOST,
      hls: { enabled: true, fragmentSeconds: 2, windowSeconds: 10, path: './objs/nginx/html' },
      httpRemux: { enabled: true, mount: '[vhost]/[app]/[stream].flv' },
      rtc: { enabled: true, rtmpToRtc: true, rtcToRtmp: true },
      srt: { enabled: false, srtToRtmp: false },
      hooks: { enabled: false, urls: {} },
    },
  ],
};

/** Staging with SRT on (server and vhost) and a LAN candidate: every listener in use. */
export const ALL_LISTENERS_SRS_CONFIG: SrsConfig = {
  ...STAGING_SRS_CONFIG,
  rtcServer: { enabled: true, udpPort: 8000, candidate: { kind: 'address', address: '192.168.1.10' } },
  srtServer: { enabled: true, udpPort: 10080 },
  vhosts: [{ ...STAGING_SRS_CONFIG.vhosts[0], srt: { enabled: true, srtToRtmp: true } }],
};
