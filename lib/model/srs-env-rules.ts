import { DEFAULT_VHOST, SRS_HOOK_EVENTS, SrsConfig } from './srs-config';
import { Problem } from './problems';
import { compareSrsVersions, formatSrsVersion, SrsVersion } from './versions';

// What a model must satisfy to be delivered as `SRS_*` variables (`srs -e`) instead of srs.conf.
// Model-level rules, so that validation can collect them with every other problem; the renderer
// is lib/render/srs-env.ts.

/**
 * The first release per major that reads every variable `renderSrsEnv` writes. Read off the SRS
 * git history (srs_app_config.cpp): `srs -e` and most keys came in 5.0.72-5.0.100, the
 * `SRS_VHOST_HTTP_HOOKS_*` keys in 5.0.132; in 6.0 they are in every release tagged from 6.0.36
 * on (6.0.10 lacks the hook keys; 6.0.11-6.0.35 were not checked). SRS 4 reads no `SRS_*` config
 * variables and has no `-e`.
 */
export const SRS_ENV_DELIVERY_SINCE: Readonly<Record<number, SrsVersion>> = {
  5: { major: 5, minor: 0, patch: 132 },
  6: { major: 6, minor: 0, patch: 36 },
};

/**
 * From this release on SRS splits a hook variable on spaces into several URLs
 * (`SRS_VHOST_HTTP_HOOKS_ON_PUBLISH="http://a http://b"`); before it, and in every 5.0 release,
 * the whole value is one URL, spaces included.
 */
export const SRS_ENV_MULTI_URL_HOOKS_SINCE: SrsVersion = { major: 6, minor: 0, patch: 146 };

/** Why a model cannot be rendered as variables (empty when it can). */
export function srsEnvProblems(config: SrsConfig, at = 'srs'): Problem[] {
  const problems: Problem[] = [];
  const { version } = config;
  const since = SRS_ENV_DELIVERY_SINCE[version.major];
  // Majors above 6 are refused by validateSrsConfig already.
  const tooOld = since === undefined ? version.major < 5 : compareSrsVersions(version, since) < 0;
  if (tooOld) {
    problems.push({
      path: `${at}.version`,
      value: formatSrsVersion(version),
      expected: `an SRS release that reads every SRS_* variable the kit sets (${Object.values(
        SRS_ENV_DELIVERY_SINCE,
      )
        .map((v) => `${formatSrsVersion(v)}+`)
        .join(', ')})`,
      fix:
        since === undefined
          ? `use configDelivery 'file': SRS ${version.major} has no \`srs -e\` and ignores SRS_* config variables`
          : `use configDelivery 'file', or SRS ${formatSrsVersion(since)} or later (the first release known to read every variable the kit sets; older ones ignore some, the SRS_VHOST_HTTP_HOOKS_* ones among them)`,
    });
  }
  if (config.vhosts.length !== 1 || config.vhosts[0].name !== DEFAULT_VHOST) {
    problems.push({
      path: `${at}.vhosts`,
      value: config.vhosts.map((v) => v.name),
      expected: 'exactly one vhost, __defaultVhost__, when the config is delivered as SRS_* variables',
      fix: "use configDelivery 'file' for several vhosts (SRS applies SRS_VHOST_* variables to every vhost)",
    });
  }
  if (compareSrsVersions(version, SRS_ENV_MULTI_URL_HOOKS_SINCE) < 0) {
    config.vhosts.forEach((vhost, index) => {
      for (const event of SRS_HOOK_EVENTS) {
        const urls = vhost.hooks.urls[event] ?? [];
        if (urls.length <= 1) continue;
        problems.push({
          path: `${at}.vhosts[${index}].hooks.urls.${event}`,
          value: urls,
          expected: `one URL per hook event when the config is delivered as SRS_* variables to SRS ${formatSrsVersion(version)}`,
          fix: `use configDelivery 'file', keep one URL for ${event}, or use SRS ${formatSrsVersion(SRS_ENV_MULTI_URL_HOOKS_SINCE)}+ (before it SRS reads SRS_VHOST_HTTP_HOOKS_${event.toUpperCase()} as a single URL, spaces included)`,
        });
      }
    });
  }
  return problems;
}
