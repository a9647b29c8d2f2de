import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { addFleet, fleetSummary } from '../lib/app';
import { KitValidationError } from '../lib/model/problems';

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'secrets-'));
}

function synthAll(app: ReturnType<typeof Testing.app>): string {
  return app.node.children.map((stack) => Testing.synth(stack as never)).join('\n');
}

describe('addFleet: credentials', () => {
  test('generates a 256-bit password on first synth, stores it 0600, and reuses it after', () => {
    const dir = freshDir();
    const messages: string[] = [];
    const first = addFleet(
      Testing.app(),
      { environments: [{ name: 'staging' }] },
      {
        variables: {},
        secretsDirectory: dir,
        log: (m) => messages.push(m),
      },
    );
    const file = join(dir, 'staging', 'api-password');
    const password = readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'staging')).mode & 0o777).toBe(0o700);
    expect(first.credentials.get('staging')).toMatchObject({ source: 'generated', password });
    expect(messages).toHaveLength(1);
    // The folder is outside the working directory here, so the message names it absolutely.
    expect(messages[0]).toContain(`stored in ${file} (mode 0600)`);
    expect(messages[0]).not.toContain(password);

    const again: string[] = [];
    const second = addFleet(
      Testing.app(),
      { environments: [{ name: 'staging' }] },
      {
        variables: {},
        secretsDirectory: dir,
        log: (m) => again.push(m),
      },
    );
    expect(second.credentials.get('staging')).toMatchObject({ source: 'stored', password });
    expect(again).toEqual([]);
  });

  test('by default the store is .secrets/ in the working directory, named relatively', () => {
    const project = freshDir();
    const previous = process.cwd();
    const messages: string[] = [];
    try {
      process.chdir(project);
      addFleet(
        Testing.app(),
        { environments: [{ name: 'staging' }] },
        { variables: {}, log: (m) => messages.push(m) },
      );
    } finally {
      process.chdir(previous);
    }
    expect(statSync(join(project, '.secrets', 'staging', 'api-password')).isFile()).toBe(true);
    expect(messages[0]).toContain('stored in .secrets/staging/api-password (mode 0600)');
  });

  test('SRS_API_USERNAME and SRS_API_PASSWORD win over the store, and nothing is written', () => {
    const dir = freshDir();
    const { credentials, environments } = addFleet(
      Testing.app(),
      { environments: [{ name: 'staging' }] },
      {
        variables: { SRS_API_USERNAME: 'ops', SRS_API_PASSWORD: 'a-long-operator-password' },
        secretsDirectory: dir,
      },
    );
    expect(credentials.get('staging')).toEqual({
      username: 'ops',
      password: 'a-long-operator-password',
      source: 'environment',
    });
    expect(environments[0].apiUsername).toBe('ops');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('the synthesized stacks never contain the password', () => {
    const dir = freshDir();
    const app = Testing.app();
    const { credentials } = addFleet(
      app,
      {
        environments: [
          { name: 'staging' },
          {
            name: 'qa',
            authMode: 'both',
            apiHostPort: 2985,
            rtmpHostPort: 2935,
            httpHostPort: 2080,
            webrtcUdpPort: 2800,
          },
        ],
      },
      {
        variables: {},
        secretsDirectory: dir,
        log: () => undefined,
      },
    );
    const output = synthAll(app);
    for (const { password } of credentials.values()) expect(output).not.toContain(password);
  });

  test('every problem is reported at once, and no password file is written for an invalid fleet', () => {
    const dir = freshDir();
    let error: unknown;
    try {
      addFleet(
        Testing.app(),
        {
          environments: [
            { name: 'ok' },
            { name: 'Bad_Name', srsVersion: 'latest' },
            { name: 'old', authMode: 'native', srsVersion: '4.0.271', apiHostPort: 99999 },
          ],
        },
        { variables: { SRS_API_PASSWORD: 'short' }, secretsDirectory: dir },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KitValidationError);
    const problems = (error as KitValidationError).problems.map((p) => p.path);
    expect(problems).toEqual(
      expect.arrayContaining([
        'environments[Bad_Name].name',
        'environments[Bad_Name].srsVersion',
        'environments[old].apiHostPort',
        'environments[old].srs.httpApi.auth.enabled',
        'environments[ok].apiPassword (from $SRS_API_PASSWORD)',
      ]),
    );
    expect((error as KitValidationError).message).toContain(
      "use authMode 'proxy' (works on every release), or an SRS image at 5.0.152+ or 6.0.40+ (SRS 4 never had http_api.auth)",
    );
    expect(existsSync(join(dir, 'ok'))).toBe(false);
  });

  test('a weak or colon-bearing password is refused without echoing it', () => {
    const dir = freshDir();
    const attempt = (authMode: 'proxy' | 'native', password: string) => () =>
      addFleet(
        Testing.app(),
        { environments: [{ name: 'staging', authMode }] },
        {
          variables: { SRS_API_PASSWORD: password },
          secretsDirectory: dir,
        },
      );
    expect(attempt('proxy', 'hunter2')).toThrow(
      /apiPassword \(from \$SRS_API_PASSWORD\): got "<redacted, 7 characters>"; expected 16 to 128 characters/,
    );
    expect(attempt('native', 'correct:horse:battery:staple')).toThrow(/expected no ':' in authMode 'native'/);
    expect(attempt('proxy', 'correct:horse:battery:staple')).not.toThrow();
    try {
      attempt('native', 'correct:horse:battery:staple')();
    } catch (e) {
      expect((e as Error).message).not.toContain('horse');
    }
  });
});

describe('fleetSummary', () => {
  test('one line per environment with its ports and URLs', () => {
    const dir = freshDir();
    const { environments } = addFleet(
      Testing.app(),
      {
        hostPortRange: { from: 30000, to: 30099 },
        environments: [{ name: 'team-a' }, { name: 'team-b', webrtcEnabled: false }],
      },
      { variables: {}, secretsDirectory: dir, log: () => undefined },
    );
    const lines = fleetSummary(environments).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^team-a \[proxy, SRS ossrs\/srs:5\.0\.213\]: api 127\.0\.0\.1:30000\/tcp, rtmp 127\.0\.0\.1:30001\/tcp, http 127\.0\.0\.1:30002\/tcp, webrtc 127\.0\.0\.1:30003\/udp \| api=http:\/\/127\.0\.0\.1:30000\/api\/v1\//,
    );
    expect(lines[1]).toContain(
      'api 127.0.0.1:30005/tcp, rtmp 127.0.0.1:30006/tcp, http 127.0.0.1:30007/tcp |',
    );
    expect(lines[1]).not.toContain('whip');
  });
});
