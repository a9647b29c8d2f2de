import { SrsConfig } from '../model/srs-config';
import { KitValidationError } from '../model/problems';
import { srsEnvProblems } from '../model/srs-env-rules';
import { srsConfigToDirectives } from './srs-config';
import { SrsDirective } from './srs-conf-syntax';

/**
 * The model as the `SRS_*` variables that `srs -e` reads: key `srs.a.b.c` becomes `SRS_A_B_C`.
 * SRS applies `SRS_VHOST_*` to every vhost, so only a model with the single default vhost can be
 * expressed this way (see `srsEnvProblems`).
 */
export function renderSrsEnv(config: SrsConfig): Record<string, string> {
  const problems = srsEnvProblems(config);
  if (problems.length > 0) throw new KitValidationError(problems);
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
