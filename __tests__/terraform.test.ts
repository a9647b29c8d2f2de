import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { addFleet } from '../lib/app';

// What cdktf cannot check: that Terraform itself accepts the variables and outputs the kit writes,
// in JSON and in HCL (cdktf's HCL writer once turned a `validation` block into an attribute).
// Resources need the Docker provider plugin, which cannot be fetched here, so only the variable
// and output blocks are given to `terraform validate`; they need no provider.

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const available = terraform.status === 0;
const env = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  TF_CLI_CONFIG_FILE: '/dev/null',
  TF_IN_AUTOMATION: '1',
};

function synth(hcl: boolean): string {
  const outdir = mkdtempSync(join(tmpdir(), 'tf-'));
  const previous = process.env.SYNTH_HCL_OUTPUT;
  // cdktf's stacks read this switch from the environment when they are created.
  process.env.SYNTH_HCL_OUTPUT = hcl ? 'true' : 'false';
  try {
    const app = new App({ outdir, hclOutput: hcl });
    addFleet(
      app,
      { environments: [{ name: 'tf-both', authMode: 'both', srsVersion: '6.0.155' }] },
      {
        variables: { SRS_API_PASSWORD: 'terraform-test-password-1' },
        log: () => undefined,
      },
    );
    app.synth();
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
  return readFileSync(join(outdir, 'stacks', 'tf-both', hcl ? 'cdk.tf' : 'cdk.tf.json'), 'utf8');
}

/** Top-level `variable` and `output` blocks of cdktf's HCL (each starts and ends at column 0). */
function hclVariablesAndOutputs(text: string): string {
  const blocks = text.split(/\n(?=[a-z_]+ [{"])/);
  return blocks.filter((b) => /^(variable|output) "/.test(b.trimStart())).join('\n');
}

function validate(file: string, content: string): { status: number | null; output: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'tf-validate-')), 'module');
  mkdirSync(dir);
  writeFileSync(join(dir, file), content);
  // init already parses the configuration and refuses what Terraform cannot read.
  for (const args of [
    ['init', '-backend=false', '-input=false', '-no-color'],
    ['validate', '-no-color'],
  ]) {
    const result = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
    if (result.status !== 0 || args[0] === 'validate') {
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    }
  }
  throw new Error('unreachable');
}

(available ? describe : describe.skip)(
  'Terraform accepts the variables and outputs (native/both mode)',
  () => {
    test('from cdk.tf.json', () => {
      const stack = JSON.parse(synth(false)) as { variable: unknown; output: unknown };
      const result = validate(
        'main.tf.json',
        JSON.stringify({ variable: stack.variable, output: stack.output }),
      );
      expect(result).toEqual({ status: 0, output: expect.stringContaining('The configuration is valid') });
    });

    test('from the HCL output', () => {
      const blocks = hclVariablesAndOutputs(synth(true));
      expect(blocks).toContain('variable "srs_api_password_tf_both"');
      expect(blocks).toContain('output "console_login_url"');
      const result = validate('main.tf', blocks);
      expect(result).toEqual({ status: 0, output: expect.stringContaining('The configuration is valid') });
    });

    test('a validation block rendered as an attribute would be refused (the check can fail)', () => {
      const result = validate(
        'main.tf',
        'variable "x" {\n  type = string\n  validation = [{ condition = true }]\n}\n',
      );
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('Unsupported argument');
    });
  },
);

if (!available) {
  test.skip('terraform is not installed: skipped the Terraform checks of the synthesized variables and outputs', () =>
    undefined);
}
