import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';

// Real-process tests of the main job: `main.ts` run by ts-node in throw-away checkouts, the way
// `npm run synth` runs it, with the two-environment example from the README as environments.ts.

const ROOT = resolve(__dirname, '..');
const PASSWORDS = {
  SRS_API_PASSWORD: 'reproducible-test-password-1',
  TEAM_B_API_PASSWORD: 'reproducible-test-password-2',
};

/** The README's two-environment example, so the documented example is the one that is tested. */
export function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /<!-- example: two-environments -->\s*```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md lost its "<!-- example: two-environments -->" block');
  return match[1];
}

function checkout(name: string, environments = readmeExample()): string {
  const dir = join(mkdtempSync(join(tmpdir(), `${name}-`)), 'nested', name);
  mkdirSync(dir, { recursive: true });
  for (const entry of ['main.ts', 'lib', 'templates', 'tsconfig.json', 'package.json']) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'environments.ts'), environments);
  return dir;
}

function synth(dir: string, extraEnv: Record<string, string> = {}): string {
  return execFileSync(process.execPath, ['-r', 'ts-node/register', 'main.ts'], {
    cwd: dir,
    env: {
      ...process.env,
      ...PASSWORDS,
      ...extraEnv,
      CHECKPOINT_DISABLE: '1',
      TS_NODE_TRANSPILE_ONLY: 'true',
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function stackFiles(outdir: string, file: string): Map<string, Buffer> {
  const stacks = readdirSync(join(outdir, 'stacks')).sort();
  return new Map(stacks.map((stack) => [stack, readFileSync(join(outdir, 'stacks', stack, file))]));
}

describe('the main job, synthesized in two checkouts at different paths', () => {
  const first = checkout('checkout-one');
  const second = checkout('elsewhere-two');
  synth(first);
  synth(second);
  synth(first, { SYNTH_HCL_OUTPUT: 'true' });
  const jsonOne = stackFiles(join(first, 'cdktf.out'), 'cdk.tf.json');
  const jsonTwo = stackFiles(join(second, 'cdktf.out'), 'cdk.tf.json');

  test('writes one stack per environment', () => {
    expect([...jsonOne.keys()]).toEqual(['team-a', 'team-b']);
  });

  test('gives byte-identical cdk.tf.json files', () => {
    expect([...jsonTwo.keys()]).toEqual([...jsonOne.keys()]);
    for (const [stack, bytes] of jsonOne) expect(jsonTwo.get(stack)!.equals(bytes)).toBe(true);
    expect(readFileSync(join(first, 'cdktf.out', 'manifest.json'))).toEqual(
      readFileSync(join(second, 'cdktf.out', 'manifest.json')),
    );
  });

  test('contains no path of the checkout and no password', () => {
    for (const bytes of jsonOne.values()) {
      const text = bytes.toString('utf8');
      expect(text).not.toContain(first);
      expect(text).not.toContain(tmpdir());
      for (const password of Object.values(PASSWORDS)) expect(text).not.toContain(password);
    }
  });

  test('the HCL output has the same resources, outputs and uploaded file contents as the JSON', async () => {
    const hcl = stackFiles(join(first, 'cdktf.out.hcl'), 'cdk.tf');
    expect([...hcl.keys()]).toEqual([...jsonOne.keys()]);
    for (const [stack, bytes] of hcl) {
      const fromHcl = (await parse(`${stack}.tf`, bytes.toString('utf8'))) as TerraformConfig;
      const fromJson = JSON.parse(jsonOne.get(stack)!.toString('utf8')) as TerraformConfig;
      expect(resourceAddresses(fromHcl)).toEqual(resourceAddresses(fromJson));
      expect(Object.keys(fromHcl.output).sort()).toEqual(Object.keys(fromJson.output).sort());
      expect(uploads(fromHcl, true)).toEqual(uploads(fromJson, false));
      expect(uploads(fromJson, false).size).toBeGreaterThanOrEqual(3);
    }
  });
});

interface TerraformConfig {
  resource: Record<string, Record<string, unknown>>;
  output: Record<string, unknown>;
}

function resourceAddresses(config: TerraformConfig): string[] {
  return Object.entries(config.resource)
    .flatMap(([type, resources]) => Object.keys(resources).map((name) => `${type}.${name}`))
    .sort();
}

/** file path -> exact bytes Terraform uploads, from either rendering (hcl2json wraps blocks in lists). */
function uploads(config: TerraformConfig, fromHcl: boolean): Map<string, string> {
  const result = new Map<string, string>();
  for (const [name, raw] of Object.entries(config.resource.docker_container ?? {})) {
    const container = (fromHcl ? (raw as unknown[])[0] : raw) as { upload?: Array<Record<string, string>> };
    for (const upload of container.upload ?? []) {
      const text =
        upload.content_base64 !== undefined
          ? Buffer.from(upload.content_base64, 'base64').toString('utf8')
          : upload.content;
      result.set(`${name}:${upload.file}`, text);
    }
  }
  return result;
}

describe('the main job with an invalid environments.ts', () => {
  test('exits 1 with every problem listed, writing no stack and no password file', () => {
    const dir = checkout(
      'invalid',
      `export const fleet = { environments: [{ name: 'ok' }, { name: 'Bad', apiHostPort: 0 }, { name: 'ok' }] };\n`,
    );
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register', 'main.ts'], {
      cwd: dir,
      env: { ...process.env, SRS_API_PASSWORD: '', CHECKPOINT_DISABLE: '1', TS_NODE_TRANSPILE_ONLY: 'true' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('srs-secure-kit found 3 problems; nothing was synthesized:');
    expect(result.stderr).toContain('environments[Bad].name: got "Bad"');
    expect(result.stderr).toContain('environments[Bad].apiHostPort: got 0');
    expect(result.stderr).toContain(
      'environments[2].name: got "ok"; expected a name not used by environments[0]',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /); // a report, not a stack trace
    expect(existsSync(join(dir, 'cdktf.out', 'stacks'))).toBe(false);
    expect(existsSync(join(dir, '.secrets'))).toBe(false);
  });
});
