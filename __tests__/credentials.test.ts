import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { passwordFilePath, resolveApiCredentials } from '../lib/credentials';
import { ApiAuthMode, resolveEnvironment } from '../lib/model/environment';
import { KitValidationError, Problem } from '../lib/model/problems';

// resolveApiCredentials with a temp secrets directory and explicit variables: no test touches
// the real .secrets folder or the process environment.

const COLON_PASSWORD = 'correct:horse:battery:staple';

function secretsDir(): string {
  return mkdtempSync(join(tmpdir(), 'srs-kit-secrets-'));
}

function env(authMode: ApiAuthMode, name = 'staging') {
  return resolveEnvironment({ name, authMode });
}

function problemsOf(run: () => unknown): readonly Problem[] {
  try {
    run();
  } catch (error) {
    if (error instanceof KitValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a KitValidationError');
}

const quiet = { log: () => undefined };

describe('resolveApiCredentials', () => {
  test.each(['native', 'both'] as const)(
    "trap: a password with ':' can never log in to SRS's native auth (authMode %s)",
    (authMode) => {
      const directory = secretsDir();
      const problems = problemsOf(() =>
        resolveApiCredentials([env(authMode)], {
          directory,
          variables: { SRS_API_PASSWORD: COLON_PASSWORD },
          ...quiet,
        }),
      );
      expect(problems).toEqual([
        {
          path: 'environments[staging].apiPassword (from $SRS_API_PASSWORD)',
          value: '<redacted, 28 characters>',
          expected: `no ':' in authMode '${authMode}' (SRS splits the Basic-auth token on every ':', so it could never log in)`,
          fix: "choose a password without ':', or use authMode 'proxy'",
        },
      ]);
      expect(JSON.stringify(problems)).not.toContain('horse');
      expect(existsSync(join(directory, 'staging'))).toBe(false);
    },
  );

  test("a stored password with ':' is refused the same way, naming the file", () => {
    const directory = secretsDir();
    const file = passwordFilePath(directory, 'staging');
    mkdirSync(join(directory, 'staging'));
    writeFileSync(file, `${COLON_PASSWORD}\n`);
    expect(
      problemsOf(() => resolveApiCredentials([env('native')], { directory, variables: {}, ...quiet })),
    ).toEqual([
      expect.objectContaining({
        path: `environments[staging].apiPassword (from ${file})`,
        value: '<redacted, 28 characters>',
      }),
    ]);
  });

  test("':' is fine when only nginx checks the password (authMode proxy)", () => {
    const credentials = resolveApiCredentials([env('proxy')], {
      directory: secretsDir(),
      variables: { SRS_API_PASSWORD: COLON_PASSWORD },
      ...quiet,
    });
    expect(credentials.get('staging')).toEqual({
      username: 'admin',
      password: COLON_PASSWORD,
      source: 'environment',
    });
  });

  test('a short password and one with spaces: every problem of every environment at once', () => {
    const directory = secretsDir();
    const problems = problemsOf(() =>
      resolveApiCredentials([env('native', 'a'), { ...env('proxy', 'b'), apiPasswordEnvVar: 'B_PASSWORD' }], {
        directory,
        variables: { SRS_API_PASSWORD: 'short:1', B_PASSWORD: 'a password with spaces' },
        ...quiet,
      }),
    );
    expect(problems.map((p) => [p.path, p.expected])).toEqual([
      ['environments[a].apiPassword (from $SRS_API_PASSWORD)', '16 to 128 characters'],
      [
        'environments[a].apiPassword (from $SRS_API_PASSWORD)',
        'at least 8 different characters (a salted hash of it is in the synthesized output and the password file)',
      ],
      [
        'environments[a].apiPassword (from $SRS_API_PASSWORD)',
        "no ':' in authMode 'native' (SRS splits the Basic-auth token on every ':', so it could never log in)",
      ],
      ['environments[b].apiPassword (from $B_PASSWORD)', 'printable ASCII without spaces'],
    ]);
  });

  test('no variable: a 256-bit password is generated once (mode 0600, no ":"), then reused', () => {
    const directory = secretsDir();
    const messages: string[] = [];
    const first = resolveApiCredentials([env('native')], {
      directory,
      variables: {},
      log: (m) => messages.push(m),
    });
    const generated = first.get('staging')!;
    expect(generated.source).toBe('generated');
    expect(generated.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = passwordFilePath(directory, 'staging');
    expect(readFileSync(file, 'utf8')).toBe(`${generated.password}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(messages.join('\n')).not.toContain(generated.password);

    const second = resolveApiCredentials([env('native')], { directory, variables: {}, ...quiet }).get(
      'staging',
    );
    expect(second).toEqual({ ...generated, source: 'stored' });
  });
});

describe('repetitive passwords', () => {
  test.each(['aaaaaaaaaaaaaaaa', '1212121212121212', 'abcabcabcabcabca'])(
    '%s is refused, without echoing it',
    (password) => {
      const env = resolveEnvironment({ name: 'staging' });
      let message = '';
      try {
        resolveApiCredentials([env], {
          directory: mkdtempSync(join(tmpdir(), 'secrets-')),
          variables: { SRS_API_PASSWORD: password },
        });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('expected at least 8 different characters');
      expect(message).not.toContain(password);
    },
  );
});
