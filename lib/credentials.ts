import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { ResolvedEnvironment, SynthVariables } from './model/environment';
import { Problem, ProblemList, redacted } from './model/problems';

/** The API credentials of one environment at synth time. The password stays in memory only. */
export interface ApiCredentials {
  readonly username: string;
  readonly password: string;
  /** Where the password came from, for the synth summary (never the password itself). */
  readonly source: 'environment' | 'stored' | 'generated';
  /** The file holding the password, when the kit generated or stored it. */
  readonly passwordFile?: string;
}

export interface CredentialStoreOptions {
  /** Folder for generated passwords, one sub-folder per environment. @default '.secrets' under the working directory */
  readonly directory?: string;
  /** The process environment. @default process.env */
  readonly variables?: SynthVariables;
  /** Where notices go (never a secret). @default stderr */
  readonly log?: (message: string) => void;
}

/** 16 characters is far beyond online guessing through nginx (~70k tries/s) and offline attacks on a leaked {SSHA} line. */
export const MIN_PASSWORD_LENGTH = 16;
export const MAX_PASSWORD_LENGTH = 128;
/** Rules out the likes of 'aaaaaaaaaaaaaaaa' and '1212121212121212'; a generated password has ~35. */
export const MIN_DISTINCT_CHARACTERS = 8;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * Finds each environment's API password: the environment variable named by the spec when set;
 * else a password the kit generated earlier; else a new 256-bit one, written to
 * `<directory>/<env>/api-password` (mode 0600) so every later synth reuses it.
 * Collects every problem (with `earlierProblems`) before throwing, and writes no file unless
 * everything is valid.
 */
export function resolveApiCredentials(
  environments: readonly ResolvedEnvironment[],
  options: CredentialStoreOptions = {},
  earlierProblems: readonly Problem[] = [],
): Map<string, ApiCredentials> {
  const directory = options.directory ?? join(process.cwd(), '.secrets');
  const variables = options.variables ?? process.env;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const problems = new ProblemList();
  // Problems found before this step go into the same report, so one synth shows them all.
  problems.addAll(earlierProblems);
  const found = new Map<string, ApiCredentials>();
  const toGenerate: ResolvedEnvironment[] = [];

  for (const env of environments) {
    const fromVariable = variables[env.apiPasswordEnvVar];
    const file = passwordFilePath(directory, env.name);
    if (fromVariable !== undefined && fromVariable !== '') {
      checkPassword(problems, env, `$${env.apiPasswordEnvVar}`, fromVariable);
      found.set(env.name, { username: env.apiUsername, password: fromVariable, source: 'environment' });
    } else if (existsSync(file)) {
      const stored = readFileSync(file, 'utf8').trim();
      checkPassword(problems, env, file, stored);
      found.set(env.name, {
        username: env.apiUsername,
        password: stored,
        source: 'stored',
        passwordFile: file,
      });
    } else {
      toGenerate.push(env);
    }
  }
  problems.throwIfAny();

  for (const env of toGenerate) {
    const file = passwordFilePath(directory, env.name);
    // base64url of 32 random bytes: 256 bits, 43 characters, never a ':'.
    const password = randomBytes(32).toString('base64url');
    mkdirSync(join(directory, env.name), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    found.set(env.name, { username: env.apiUsername, password, source: 'generated', passwordFile: file });
    log(
      `srs-secure-kit: no $${env.apiPasswordEnvVar} set, so a new API password for environment "${env.name}" ` +
        `(user "${env.apiUsername}") was generated and stored in ${displayPath(file)} (mode 0600). ` +
        'Later synths reuse it; keep that file out of version control.',
    );
  }
  return found;
}

/** A path as the operator would type it: relative inside the working directory, else absolute. */
function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd.startsWith('..') || isAbsolute(fromCwd) ? file : fromCwd;
}

export function passwordFilePath(directory: string, environment: string): string {
  return join(directory, environment, 'api-password');
}

/** Adds a problem for each rule the password breaks (never echoing it); `source` says where it came from. */
export function checkPassword(
  problems: ProblemList,
  env: ResolvedEnvironment,
  source: string,
  password: string,
): void {
  const path = `environments[${env.name}].apiPassword (from ${source})`;
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    problems.add(
      path,
      redacted(password),
      `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
      `use a long random password (e.g. \`openssl rand -base64 32\`), or unset ${env.apiPasswordEnvVar} to have one generated`,
    );
  }
  if (new Set(password).size < MIN_DISTINCT_CHARACTERS) {
    problems.add(
      path,
      redacted(password),
      `at least ${MIN_DISTINCT_CHARACTERS} different characters (a salted hash of it is in the synthesized output and the password file)`,
      `use a random password (e.g. \`openssl rand -base64 32\`), or unset ${env.apiPasswordEnvVar} to have one generated`,
    );
  }
  if (!PRINTABLE_ASCII.test(password)) {
    problems.add(
      path,
      redacted(password),
      'printable ASCII without spaces',
      'remove spaces and non-ASCII characters (browsers encode those differently in Basic auth)',
    );
  }
  if (env.authMode !== 'proxy' && password.includes(':')) {
    problems.add(
      path,
      redacted(password),
      `no ':' in authMode '${env.authMode}' (SRS splits the Basic-auth token on every ':', so it could never log in)`,
      "choose a password without ':', or use authMode 'proxy'",
    );
  }
}
