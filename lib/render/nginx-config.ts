import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { ResolvedEnvironment } from '../model/environment';

/** Where the proxy's files live in the nginx container. */
export const NGINX_PATHS = {
  config: '/etc/nginx/srs-secure-kit/nginx.conf',
  passwordFile: '/etc/nginx/srs-secure-kit/htpasswd',
  pidFile: '/tmp/nginx.pid',
  tempDir: '/tmp',
  errorLog: 'stderr',
  accessLog: '/dev/stdout',
} as const;

const TEMPLATE = readFileSync(join(__dirname, '..', '..', 'templates', 'nginx.conf.mustache'), 'utf8');

/** nginx.conf for the environment's API proxy. Pure: same model, same bytes. */
export function renderNginxConfig(env: ResolvedEnvironment): string {
  const view = {
    environment: env.name,
    authMode: env.authMode,
    pidFile: NGINX_PATHS.pidFile,
    tempDir: NGINX_PATHS.tempDir,
    errorLog: NGINX_PATHS.errorLog,
    accessLog: NGINX_PATHS.accessLog,
    passwordFile: NGINX_PATHS.passwordFile,
    listenPort: env.proxy.listenPort,
    upstreamAddress: `${env.proxy.upstream.ip}:${env.proxy.upstream.port}`,
    basicAuth: env.proxy.basicAuth,
    publicRtcSignalling: env.proxy.publicRtcSignalling,
    forwardAuthorization: env.proxy.forwardAuthorization,
    realm: env.proxy.realm,
  };
  // The template is nginx syntax, not HTML: nothing may be HTML-escaped.
  return Mustache.render(TEMPLATE, view, {}, { escape: (text: string) => text });
}
