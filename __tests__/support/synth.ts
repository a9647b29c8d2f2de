import { Testing } from 'cdktf';
import { ApiCredentials } from '../../lib/credentials';
import { SrsEnvironmentStack } from '../../lib/docker/environment-stack';
import { resolveEnvironment, SrsEnvironmentSpec, SynthVariables } from '../../lib/model/environment';

/** A fixed test password (never a real one): 24 characters, no ':'. */
export const TEST_PASSWORD = 'Test-Password-0123456789';

/** Synthesizes one environment's stack and returns its parsed cdk.tf.json. */
export function synthEnvironment(
  spec: SrsEnvironmentSpec,
  options: { password?: string; variables?: SynthVariables } = {},
): { json: string; config: SynthesizedStack } {
  const environment = resolveEnvironment(spec, options.variables ?? {});
  const credentials: ApiCredentials = {
    username: environment.apiUsername,
    password: options.password ?? TEST_PASSWORD,
    source: 'environment',
  };
  const app = Testing.app();
  const stack = new SrsEnvironmentStack(app, environment.name, { environment, credentials });
  const json = Testing.synth(stack);
  return { json, config: JSON.parse(json) as SynthesizedStack };
}

export interface SynthesizedStack {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly output: Record<string, { value: string; sensitive?: boolean }>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly terraform: Record<string, unknown>;
}

/** The one resource of a type with the given `name` attribute (Docker names are unique per host). */
export function resourceByName(
  config: SynthesizedStack,
  type: string,
  name: string,
): Record<string, unknown> {
  const matches = Object.values(config.resource[type] ?? {}).filter((resource) => resource.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${matches.length}`);
  return matches[0];
}

export interface UploadBlock {
  readonly file: string;
  readonly content?: string;
  readonly content_base64?: string;
  readonly permissions?: string;
}

/** The content of an uploaded file, as Terraform will write it (undoing `$${` / `%%{` escapes). */
export function uploadedFile(container: Record<string, unknown>, path: string): string {
  const upload = (container.upload as UploadBlock[] | undefined)?.find((u) => u.file === path);
  if (upload === undefined) throw new Error(`no upload of ${path}`);
  if (upload.content_base64 !== undefined)
    return Buffer.from(upload.content_base64, 'base64').toString('utf8');
  return upload.content!.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}
