import { SrsConfig } from '../model/srs-config';
import { Problem } from '../model/problems';
import { srsConfigToDirectives } from './srs-config';
import { SrsDirective } from './srs-conf-syntax';

/**
 * The model as the `SRS_*` variables that `srs -e` reads: key `srs.a.b.c` becomes `SRS_A_B_C`.
 * SRS applies `SRS_VHOST_*` to every vhost, so only a model with the single default vhost can be
 * expressed this way (see `srsEnvProblems`).
 */
export function renderSrsEnv(config: SrsConfig): Record<string, string> {
  const problems = srsEnvProblems(config);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.path}: ${p.expected}`).join('; '));
  const variables: Record<string, string> = {};
  const walk = (items: readonly SrsDirective[], prefix: string): void => {
    for (const item of items) {
      const key = `${prefix}_${item.name.toUpperCase()}`;
      if (item.children !== undefined) {
        // `vhost __defaultVhost__ { ... }`: the vhost's name is not part of the key.
        walk(item.children, key);
      } else {
        variables[key] = item.args.join(' ');
      }
    }
  };
  walk(srsConfigToDirectives(config), 'SRS');
  // Without -e SRS_LISTEN would be needed anyway; `srs -e` has no RTMP listener unless it is set.
  return Object.fromEntries(Object.entries(variables).sort(([a], [b]) => a.localeCompare(b)));
}

/** Why a model cannot be rendered as variables (empty when it can). */
export function srsEnvProblems(config: SrsConfig, at = 'srs'): Problem[] {
  if (config.vhosts.length === 1 && config.vhosts[0].name === '__defaultVhost__') return [];
  return [
    {
      path: `${at}.vhosts`,
      value: config.vhosts.map((v) => v.name),
      expected: 'exactly one vhost, __defaultVhost__, when the config is delivered as SRS_* variables',
      fix: "use configDelivery 'file' for several vhosts (SRS applies SRS_VHOST_* variables to every vhost)",
    },
  ];
}
