import { STAGING_SRS_CONFIG } from '../support/srs-config-fixtures';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SRS_HOOK_EVENTS, SrsConfig } from '../../lib/model/srs-config';
import { compareSrsVersions, SrsVersion } from '../../lib/model/versions';
import { parseSrsConf, SRS_BOOLEAN_DIRECTIVES } from '../../lib/render/srs-conf-parse';
import { formatSrsConf, SrsDirective } from '../../lib/render/srs-conf-syntax';
import { srsConfigToDirectives } from '../../lib/render/srs-config';
import { SRS_ENV_MULTI_URL_HOOKS_SINCE, srsEnvProblems } from '../../lib/model/srs-env-rules';
import { renderSrsEnv } from '../../lib/render/srs-env';
import { arbitrarySrsConfig } from '../support/srs-config-arbitrary';

// SRS's own reference configs, read where the project keeps them (outside the repository):
// full.conf lists every directive of a release; env-names.txt every key SRS 5.0.213 reads from
// the environment. Nothing of them is copied into the repository.
const REFERENCE = resolve(__dirname, '../../../shared/reference/srs');
const RELEASES = ['v5.0-r3', 'v6.0-a1'] as const;
/** The exact release each reference tag is (SRS 6.0.135+ parses stricter: see parseSrsConf). */
const VERSION_OF: Readonly<Record<string, SrsVersion>> = {
  'v5.0-r3': { major: 5, minor: 0, patch: 213 },
  'v6.0-a1': { major: 6, minor: 0, patch: 155 },
};

function reference(file: string): string {
  const path = join(REFERENCE, file);
  if (!existsSync(path)) {
    throw new Error(
      `SRS reference file ${path} is missing: these tests need the reference configs of SRS ${RELEASES.join(
        ' and ',
      )} (full.conf, env-names.txt) in ../shared/reference/srs/<tag>/ next to the repository.`,
    );
  }
  return readFileSync(path, 'utf8');
}

/** Directive paths such as `http_api.auth.username` or `vhost.http_hooks.on_publish` (vhost names left out). */
function directivePaths(items: readonly SrsDirective[]): Set<string> {
  const paths = new Set<string>();
  const walk = (list: readonly SrsDirective[], prefix: string) => {
    for (const item of list) {
      const path = prefix === '' ? item.name : `${prefix}.${item.name}`;
      paths.add(path);
      if (item.children !== undefined) walk(item.children, path);
    }
  };
  walk(items, '');
  return paths;
}

/** Leaf directives by path with their arguments (the file rendering, flattened as SRS_* keys are). */
function leafDirectives(items: readonly SrsDirective[]): Map<string, readonly string[]> {
  const leaves = new Map<string, readonly string[]>();
  const walk = (list: readonly SrsDirective[], prefix: string) => {
    for (const item of list) {
      const path = prefix === '' ? item.name : `${prefix}.${item.name}`;
      if (item.children !== undefined) walk(item.children, path);
      else leaves.set(path, item.args);
    }
  };
  walk(items, '');
  return leaves;
}

function needsQuotes(word: string): boolean {
  return word === '' || /[\s;{]/.test(word) || /^["'#}]/.test(word);
}

function wordsNeedingQuotes(items: readonly SrsDirective[], prefix = ''): string[] {
  return items.flatMap((item) => {
    const path = prefix === '' ? item.name : `${prefix}.${item.name}`;
    const own = [item.name, ...item.args].filter(needsQuotes).map((word) => `${path}: ${word}`);
    return [...own, ...wordsNeedingQuotes(item.children ?? [], path)];
  });
}

function withoutQuotedWords(items: readonly SrsDirective[]): SrsDirective[] {
  return items
    .filter((item) => ![item.name, ...item.args].some(needsQuotes))
    .map((item) =>
      item.children === undefined ? item : { ...item, children: withoutQuotedWords(item.children) },
    );
}

interface EnvName {
  readonly kind: string;
  /** The config key without `srs.`, e.g. `http_api.auth.username`. */
  readonly path: string;
}

/** env-names.txt: `<source line> <kind> <config key> <variable>` per line, `#` comments. */
function envNames(): Map<string, EnvName> {
  const names = new Map<string, EnvName>();
  for (const line of reference('v5.0-r3/env-names.txt').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [, kind, key, variable] = line.trim().split(/\s+/);
    names.set(variable, { kind, path: key.replace(/^srs\./, '') });
  }
  return names;
}

/** A model that makes the renderer write every directive it can: auth on, every hook event. */
const everything: SrsConfig = {
  ...STAGING_SRS_CONFIG,
  version: { major: 6, minor: 0, patch: 155 },
  httpApi: { ...STAGING_SRS_CONFIG.httpApi, auth: { enabled: true, username: 'admin' } },
  rtcServer: { enabled: true, udpPort: 8000, candidate: { kind: 'env', variable: 'CANDIDATE' } },
  srtServer: { enabled: true, udpPort: 10080 },
  vhosts: [
    {
      ...STAGING_SRS_CONFIG.vhosts[0],
      srt: { enabled: true, srtToRtmp: true },
      hooks: {
        enabled: true,
        urls: Object.fromEntries(SRS_HOOK_EVENTS.map((event) => [event, [`http://hooks:8085/${event}`]])),
      },
    },
  ],
};

/**
 * Emitted directives missing from full.conf although SRS accepts them: `check_normal_config` of
 * 4.0, 5.0 and 6.0 lists on_connect and on_close among the http_hooks directives, and SRS 5.0.213
 * reads both from the environment (env-names.txt), but full.conf documents them only from
 * v7.0.2 on (SRS commit 16e569d, "add on_connect & on_close directives to conf/full.conf").
 */
const NOT_IN_FULL_CONF = ['vhost.http_hooks.on_connect', 'vhost.http_hooks.on_close'];

describe('the SRS reference configs', () => {
  const files = existsSync(REFERENCE)
    ? readdirSync(REFERENCE).flatMap((tag) =>
        readdirSync(join(REFERENCE, tag))
          .filter((file) => file.endsWith('.conf'))
          .map((file) => `${tag}/${file}`),
      )
    : [];

  test('are there', () => {
    for (const tag of RELEASES) reference(`${tag}/full.conf`);
    expect(files.length).toBeGreaterThanOrEqual(RELEASES.length * 3);
  });

  test.each(files)('%s parses without error, and format(parse(text)) is stable', (file) => {
    const directives = parseSrsConf(reference(file), VERSION_OF[file.split('/')[0]]);
    expect(directives.length).toBeGreaterThan(0);
    // formatSrsConf writes words verbatim, so a word that only a quote can hold (blanks, ';', '{',
    // a leading quote, '#' or '}') cannot survive it. The references have exactly one such word;
    // the kit itself renders none (validateSrsConfig allows only plain tokens).
    const quoted = wordsNeedingQuotes(directives);
    expect(quoted).toEqual(
      file.endsWith('full.conf')
        ? [
            'vhost.transcode.engine.vfilter.vf: split [main][tmp]; [tmp] crop=iw:ih/2:0:0, vflip [flip]; [main][flip] overlay=0:H/2',
          ]
        : [],
    );
    const plain = withoutQuotedWords(directives);
    const formatted = formatSrsConf(plain);
    expect(parseSrsConf(formatted)).toEqual(plain);
    expect(formatSrsConf(parseSrsConf(formatted))).toBe(formatted);
  });

  test('full.conf parses to what SRS reads: comments, quotes, multi-argument and zero-argument directives', () => {
    const full = parseSrsConf(reference('v5.0-r3/full.conf'), VERSION_OF['v5.0-r3']);
    const paths = directivePaths(full);
    for (const path of [
      'listen',
      'http_api.auth.username',
      'vhost.http_hooks.on_publish',
      'rtc_server.candidate',
    ]) {
      expect(paths).toContain(path);
    }
    // `#` starts a comment only at the start of a word: nothing commented out leaks in.
    expect([...paths].some((p) => p.includes('#'))).toBe(false);
    const hooks = full.find((d) => d.name === 'vhost' && d.args[0] === 'hooks.callback.srs.com');
    const onPublish = hooks?.children
      ?.find((d) => d.name === 'http_hooks')
      ?.children?.find((d) => d.name === 'on_publish');
    expect(onPublish?.args).toEqual([
      'http://127.0.0.1:8085/api/v1/streams',
      'http://localhost:8085/api/v1/streams',
    ]);
    const find = (
      items: readonly SrsDirective[] | undefined,
      ...names: string[]
    ): SrsDirective | undefined => {
      const [first, ...rest] = names;
      const item = items?.find((d) => d.name === first);
      return rest.length === 0 ? item : find(item?.children, ...rest);
    };
    const vhost = (name: string) => full.find((d) => d.name === 'vhost' && d.args[0] === name)?.children;
    // `re;` is a zero-argument directive; a quoted word keeps its blanks and ';' and loses its quotes.
    expect(find(vhost('transcode.ingest.srs.com'), 'ingest', 'engine', 'perfile', 're')).toEqual({
      name: 're',
      args: [],
    });
    expect(find(vhost('mirror.transcode.srs.com'), 'transcode', 'engine', 'vfilter', 'vf')?.args).toEqual([
      'split [main][tmp]; [tmp] crop=iw:ih/2:0:0, vflip [flip]; [main][flip] overlay=0:H/2',
    ]);
  });

  test("edge.token.traverse.conf's missing ';': SRS 5 joins two lines into one directive, SRS 6.0.155 refuses it", () => {
    // `listen 1935` has no ';' in the v5.0-r3 file: SRS 5's tokenizer (and so this parser) reads
    // on to the next ';'. SRS 6.0.135+ ends a directive at the line end, and v6.0-a1 fixed the file.
    const text = reference('v5.0-r3/edge.token.traverse.conf');
    const [first] = parseSrsConf(text, VERSION_OF['v5.0-r3']);
    expect(first).toEqual({ name: 'listen', args: ['1935', 'max_connections', '1000'] });
    expect(() => parseSrsConf(text, VERSION_OF['v6.0-a1'])).toThrow(
      `line 5: line break inside the directive "listen 1935"; expected ';' or '{' before the end of the line (SRS 6.0.135+ does not let a directive span lines)`,
    );
    expect(parseSrsConf(reference('v6.0-a1/edge.token.traverse.conf'), VERSION_OF['v6.0-a1'])[0]).toEqual({
      name: 'listen',
      args: ['1935'],
    });
  });
});

describe.each(RELEASES)('every directive the renderer can write exists in SRS %s', (tag) => {
  const known = () => directivePaths(parseSrsConf(reference(`${tag}/full.conf`), VERSION_OF[tag]));

  test('in full.conf (on_connect/on_close: see NOT_IN_FULL_CONF)', () => {
    const paths = known();
    const emitted = directivePaths(srsConfigToDirectives(everything));
    expect(emitted).toContain('http_api.auth.username');
    expect(emitted).toContain('vhost.http_hooks.on_hls');
    expect([...emitted].filter((p) => !paths.has(p) && !NOT_IN_FULL_CONF.includes(p))).toEqual([]);
    fc.assert(
      fc.property(arbitrarySrsConfig(), (config) => {
        const missing = [...directivePaths(srsConfigToDirectives(config))].filter(
          (p) => !paths.has(p) && !NOT_IN_FULL_CONF.includes(p),
        );
        expect(missing).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  test('the exceptions are still needed, and SRS reads them', () => {
    const paths = known();
    const names = new Set([...envNames().values()].map((n) => n.path));
    for (const path of NOT_IN_FULL_CONF) {
      expect(paths.has(path)).toBe(false);
      expect(names).toContain(path);
    }
  });
});

describe('SRS_* variables', () => {
  const names = envNames();
  /** Releases that read every variable the kit writes (SRS_ENV_DELIVERY_SINCE). */
  const envVersion = fc.oneof(
    fc.integer({ min: 132, max: 400 }).map((patch) => ({ major: 5, minor: 0, patch })),
    fc.integer({ min: 36, max: 400 }).map((patch) => ({ major: 6, minor: 0, patch })),
  );

  test('every variable renderSrsEnv writes is one SRS 5.0.213 reads (env-names.txt)', () => {
    const unknown = (config: SrsConfig) => Object.keys(renderSrsEnv(config)).filter((key) => !names.has(key));
    expect(unknown(everything)).toEqual([]);
    expect(Object.keys(renderSrsEnv(everything))).toContain('SRS_HTTP_API_AUTH_USERNAME');
    fc.assert(
      fc.property(arbitrarySrsConfig({ singleDefaultVhost: true, version: envVersion }), (config) => {
        if (srsEnvProblems(config).length > 0) return;
        expect(unknown(config)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('the kit reads booleans as SRS does: BOOL means only `on`, BOOL2 everything but `off`', () => {
    for (const [path, reading] of Object.entries(SRS_BOOLEAN_DIRECTIVES)) {
      const entry = [...names.values()].find((n) => n.path === path);
      expect({ path, kind: entry?.kind }).toEqual({ path, kind: reading === 'on-only' ? 'BOOL' : 'BOOL2' });
    }
    // ... and every on/off directive the renderer writes is in that table.
    const onOff = [...leafDirectives(srsConfigToDirectives(everything))]
      .filter(([, args]) => args.length === 1 && (args[0] === 'on' || args[0] === 'off'))
      .map(([path]) => path);
    expect(onOff.filter((path) => SRS_BOOLEAN_DIRECTIVES[path] === undefined)).toEqual([]);
  });

  /** What SRS makes of the variables: directive path -> arguments, read as that release reads them. */
  function envAsDirectives(config: SrsConfig): Map<string, readonly string[]> {
    const splitsHooks = compareSrsVersions(config.version, SRS_ENV_MULTI_URL_HOOKS_SINCE) >= 0;
    const result = new Map<string, readonly string[]>();
    for (const [variable, value] of Object.entries(renderSrsEnv(config))) {
      const name = names.get(variable)!;
      // SRS_OVERWRITE_BY_ENV_DIRECTIVE: one argument before 6.0.146, split on spaces from it on.
      const args =
        name.kind === 'DIRECTIVE' && splitsHooks ? value.split(' ').filter((w) => w !== '') : [value];
      result.set(name.path, args);
    }
    return result;
  }

  test('for single-default-vhost models, the variables and the file mean the same thing', () => {
    fc.assert(
      fc.property(arbitrarySrsConfig({ singleDefaultVhost: true, version: envVersion }), (config) => {
        if (srsEnvProblems(config).length > 0) return;
        const fromFile = leafDirectives(srsConfigToDirectives(config));
        expect(new Map([...envAsDirectives(config)].sort())).toEqual(new Map([...fromFile].sort()));
      }),
      { numRuns: 300 },
    );
  });

  test('a model the variables cannot carry is refused, never rendered wrong', () => {
    fc.assert(
      fc.property(arbitrarySrsConfig({ singleDefaultVhost: true, version: envVersion }), (config) => {
        const manyUrls = Object.values(config.vhosts[0].hooks.urls).some((urls) => urls.length > 1);
        const splits = compareSrsVersions(config.version, SRS_ENV_MULTI_URL_HOOKS_SINCE) >= 0;
        expect(srsEnvProblems(config).length > 0).toBe(manyUrls && !splits);
        if (manyUrls && !splits) expect(() => renderSrsEnv(config)).toThrow(/one URL per hook event/);
      }),
      { numRuns: 300 },
    );
  });
});
