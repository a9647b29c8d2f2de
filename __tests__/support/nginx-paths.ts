import { join } from 'node:path';

export interface TestMachineNginx {
  /** The synthesized nginx.conf with only its file paths moved under `dir`. */
  readonly config: string;
  /** The synthesized container command with only its file paths moved under `dir`. */
  readonly args: string[];
  /** Where the config and the password file must be written for those paths to hold. */
  readonly configFile: string;
  readonly passwordFile: string;
  readonly earlyErrorLog: string;
}

/**
 * The one place where the kit's synthesized nginx config and command differ between the container
 * and a test machine: the files nginx reads or writes (pid file, temp dirs, password file, config,
 * early error log) move from the container's paths (`/tmp`, `/etc/nginx/srs-secure-kit`) to `dir`,
 * because several runs share this machine's `/tmp` and `/etc`. Nothing else is touched: listen
 * port, upstream, auth, the map, headers and timeouts run exactly as synthesized. `error_log stderr`
 * and `access_log /dev/stdout` stay too: the runner sends nginx's stderr and stdout to files.
 * Throws when a directive it maps is not there exactly once, so a template change cannot slip by.
 */
export function mapNginxPathsForTestMachine(
  config: string,
  command: readonly string[],
  dir: string,
): TestMachineNginx {
  const passwordFile = join(dir, 'htpasswd');
  const configFile = join(dir, 'nginx.conf');
  const earlyErrorLog = join(dir, 'early-error.log');
  const newPath: Record<string, (old: string) => string> = {
    pid: () => join(dir, 'nginx.pid'),
    client_body_temp_path: () => join(dir, 'temp', 'client_body'),
    proxy_temp_path: () => join(dir, 'temp', 'proxy'),
    fastcgi_temp_path: () => join(dir, 'temp', 'fastcgi'),
    uwsgi_temp_path: () => join(dir, 'temp', 'uwsgi'),
    scgi_temp_path: () => join(dir, 'temp', 'scgi'),
    auth_basic_user_file: () => passwordFile,
  };
  let mapped = config;
  for (const [directive, to] of Object.entries(newPath)) {
    const pattern = new RegExp(`^(\\s*${directive}\\s+)(/\\S+);`, 'gm');
    const count = (mapped.match(pattern) ?? []).length;
    // Only the password file is optional: `native` mode renders no auth_basic at all.
    if (count > 1 || (count === 0 && directive !== 'auth_basic_user_file')) {
      throw new Error(`nginx config: expected one "${directive} <path>;", found ${count}`);
    }
    mapped = mapped.replace(pattern, (_all, prefix: string, old: string) => `${prefix}${to(old)};`);
  }
  const leftover = /(?:\/tmp\/|\/etc\/nginx)\S*/.exec(mapped.split(dir).join(''));
  if (leftover) throw new Error(`nginx config: unmapped container path ${leftover[0]}`);

  const args = [...command];
  const option = (flag: string) => {
    const at = args.indexOf(flag);
    if (at === -1 || at + 1 >= args.length)
      throw new Error(`nginx command: no ${flag} <value> in ${command.join(' ')}`);
    return at + 1;
  };
  args[option('-c')] = configFile;
  args[option('-e')] = earlyErrorLog;
  return { config: mapped, args, configFile, passwordFile, earlyErrorLog };
}
