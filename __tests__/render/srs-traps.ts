import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveApiCredentials } from '../../lib/credentials';
import { resolveEnvironment } from '../../lib/model/environment';
import { formatProblem, KitValidationError, Problem } from '../../lib/model/problems';
import { SrsConfig, validateSrsConfig } from '../../lib/model/srs-config';
import { parseSrsConfig } from '../../lib/render/srs-conf-parse';
import { renderSrsConfig } from '../../lib/render/srs-config';
import { srsEnvProblems } from '../../lib/model/srs-env-rules';

/**
 * The SRS traps of facts.md (and a few more SRS behaviours) with the error the kit gives for each,
 * computed by running the kit. docs/srs-config-model.md shows `srsTrapTable()`; a test keeps the
 * two equal, so the documented messages are always the real ones.
 */
export interface SrsTrap {
  /** What goes wrong in SRS. */
  readonly trap: string;
  /** What the kit was given. */
  readonly input: string;
  readonly problems: () => readonly Problem[];
}

const staging = resolveEnvironment({ name: 'staging' }).srs;
const STAGING_CONF = renderSrsConfig(staging);

/** The default staging srs.conf with one piece replaced, parsed for the staging release. */
function conf(from: string | RegExp, to: string): () => readonly Problem[] {
  return () => {
    const text = STAGING_CONF.replace(from, to);
    if (text === STAGING_CONF) throw new Error(`trap setup: ${String(from)} not in the staging srs.conf`);
    return parseSrsConfig(text, staging.version).problems;
  };
}

function model(change: (config: SrsConfig) => SrsConfig): () => readonly Problem[] {
  return () => validateSrsConfig(change(staging));
}

const AUTH_BLOCK = '    }\n}\nhttp_server';

export const SRS_TRAPS: readonly SrsTrap[] = [
  {
    trap: '`enabled yes` (or `true`, `1`) passes `srs -t` and means off: only the literal `on` is true',
    input: 'srs.conf: `http_api { enabled yes; ... }`',
    problems: conf('enabled on;\n    listen 127.0.0.1', 'enabled yes;\n    listen 127.0.0.1'),
  },
  {
    trap: '... but `crossdomain` (and `daemon`) read everything except `off` as on',
    input: 'srs.conf: `http_api { crossdomain true; }`',
    problems: conf('crossdomain on;', 'crossdomain true;'),
  },
  {
    trap: '`listen abc` passes `srs -t`; the API then silently does not listen',
    input: 'srs.conf: `http_api { listen abc; }`',
    problems: conf('listen 127.0.0.1:1986;', 'listen abc;'),
  },
  {
    trap: '`listen 127.0.0.1:99999` passes `srs -t` and binds some other port',
    input: 'srs.conf: `http_api { listen 127.0.0.1:99999; }`',
    problems: conf('listen 127.0.0.1:1986;', 'listen 127.0.0.1:99999;'),
  },
  {
    trap: '`listen localhost:1985` passes `srs -t`, but SRS exits at start (numeric IPs only)',
    input: 'srs.conf: `http_api { listen localhost:1985; }`',
    problems: conf('listen 127.0.0.1:1986;', 'listen localhost:1985;'),
  },
  {
    trap: '`ip:port` for a UDP listener is misparsed (`127.0.0.1:18000` binds UDP 0.0.0.0:127)',
    input: 'srs.conf: `rtc_server { listen 127.0.0.1:18000; }`, `srt_server { listen 0.0.0.0:10080; }`',
    problems: conf(/listen 8000;([^]*)listen 10080;/, 'listen 127.0.0.1:18000;$1listen 0.0.0.0:10080;'),
  },
  {
    trap: '`auth { enabled on; }` with no username: SRS lets `-u :` in',
    input: 'srs.conf: `http_api { auth { enabled on; } }`',
    problems: conf(AUTH_BLOCK, '    }\n    auth {\n        enabled on;\n    }\n}\nhttp_server'),
  },
  {
    trap: "a password with ':' can never log in to SRS's native auth (the token is split on every ':')",
    input: "authMode 'native', `SRS_API_PASSWORD=correct:horse:battery:staple`",
    problems: () => {
      try {
        resolveApiCredentials([resolveEnvironment({ name: 'staging', authMode: 'native' })], {
          directory: join(tmpdir(), 'srs-kit-never-written'),
          variables: { SRS_API_PASSWORD: 'correct:horse:battery:staple' },
          log: () => undefined,
        });
      } catch (error) {
        if (error instanceof KitValidationError) return error.problems;
        throw error;
      }
      return [];
    },
  },
  {
    trap: 'two listeners on one port start without error (SRS sets SO_REUSEPORT): TCP',
    input: 'model: `httpServer.listen.port = 1935` (the RTMP port)',
    problems: model((c) => ({
      ...c,
      httpServer: { ...c.httpServer, listen: { ip: '0.0.0.0', port: 1935 } },
    })),
  },
  {
    trap: '... and UDP',
    input: 'srs.conf: `srt_server { enabled on; listen 8000; }` (the WebRTC port)',
    problems: conf(
      'srt_server {\n    enabled off;\n    listen 10080;',
      'srt_server {\n    enabled on;\n    listen 8000;',
    ),
  },
  {
    trap: 'bad hook URLs: SRS calls whatever is there (and logs URLs, credentials included)',
    input: 'srs.conf: `on_publish ftp://x/y http://u:p@h/ /relative;`',
    problems: conf(
      /http_hooks \{\n(\s+)enabled off;/,
      'http_hooks {\n$1enabled on;\n$1on_publish ftp://x/y http://u:p@h/ /relative;',
    ),
  },
  {
    trap: 'a directive written twice: SRS reads the first and silently ignores the rest',
    input: 'srs.conf: a second `max_connections 2000;`',
    problems: conf('max_connections 1000;', 'max_connections 1000;\nmax_connections 2000;'),
  },
  {
    trap: "a missing `;`: SRS joins the next line's words to the directive",
    input: 'srs.conf: `daemon off` (no `;`) followed by `srs_log_tank console;`',
    problems: conf('daemon off;', 'daemon off'),
  },
  {
    trap: 'SRS 4 rejects `http_api.auth` as an illegal directive',
    input: "model: SRS 4.0.271 with auth on (authMode 'native')",
    problems: model((c) => ({
      ...c,
      version: { major: 4, minor: 0, patch: 271 },
      httpApi: { ...c.httpApi, auth: { enabled: true, username: 'admin' } },
    })),
  },
  {
    trap: 'SRS 4 reads no SRS_* config variables and has no `srs -e`',
    input: "SRS 4.0.271 with configDelivery 'env'",
    problems: () => srsEnvProblems({ ...staging, version: { major: 4, minor: 0, patch: 271 } }),
  },
  {
    trap: 'before 6.0.146 SRS reads a hook variable as ONE URL, spaces included',
    input: "SRS 5.0.213, configDelivery 'env', two on_publish URLs",
    problems: () =>
      srsEnvProblems({
        ...staging,
        vhosts: [
          {
            ...staging.vhosts[0],
            hooks: { enabled: true, urls: { on_publish: ['http://a/p', 'http://b/p'] } },
          },
        ],
      }),
  },
];

/** A code span that may itself contain single backticks. */
function code(text: string): string {
  return `\`\` ${text} \`\``;
}

/** The markdown table of docs/srs-config-model.md, one row per problem. */
export function srsTrapTable(): string {
  const rows = SRS_TRAPS.flatMap(({ trap, input, problems }) =>
    problems().map((problem, index) =>
      index === 0
        ? `| ${trap} | ${input} | ${code(formatProblem(problem))} |`
        : `| | | ${code(formatProblem(problem))} |`,
    ),
  );
  return ['| SRS trap | What the kit was given | The error the kit gives |', '|---|---|---|', ...rows].join(
    '\n',
  );
}
