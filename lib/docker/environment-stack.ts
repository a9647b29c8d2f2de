import { relative } from 'node:path';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { Fn, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ApiCredentials } from '../credentials';
import { ResolvedEnvironment } from '../model/environment';
import { consoleUrl, environmentUrls } from '../model/urls';
import { SecureSrs } from './secure-srs';

export interface SrsEnvironmentStackProps {
  readonly environment: ResolvedEnvironment;
  readonly credentials: ApiCredentials;
  /**
   * Docker daemon address for the provider.
   * @default - the provider's default (DOCKER_HOST, else the local socket)
   */
  readonly dockerHost?: string;
}

/**
 * One environment, one stack: `cdktf deploy <name>` deploys it alone. State lives in
 * `terraform.<name>.tfstate` at the project root, through a relative path so that synthesized
 * output is identical on every machine (cdktf runs terraform in cdktf.out/stacks/<name>).
 */
export class SrsEnvironmentStack extends TerraformStack {
  public readonly srs: SecureSrs;

  /**
   * @param id the stack's name, which `cdktf deploy <id>` takes: use the environment's name (as
   * addFleet does); it is a public contract, like every construct id.
   */
  constructor(scope: Construct, id: string, props: SrsEnvironmentStackProps) {
    super(scope, id);
    const env = props.environment;
    new LocalBackend(this, { path: `../../../terraform.${env.name}.tfstate` });
    new DockerProvider(this, 'docker', props.dockerHost ? { host: props.dockerHost } : {});

    this.srs = new SecureSrs(this, 'srs', { environment: env, credentials: props.credentials });

    const urls = environmentUrls(env);
    for (const [key, url] of Object.entries(urls)) {
      new TerraformOutput(this, key, { value: url.value, description: url.description });
    }
    new TerraformOutput(this, 'api_username', {
      value: env.apiUsername,
      description: 'User name for the API and the console',
    });
    new TerraformOutput(this, 'api_password_source', {
      // Relative to the project, so the output is the same on every machine.
      value:
        props.credentials.passwordFile === undefined
          ? `the ${env.apiPasswordEnvVar} variable at synth time`
          : relative(process.cwd(), props.credentials.passwordFile),
      description: 'Where the API password is kept (never the password itself)',
    });
    const variable = this.srs.apiPasswordVariable;
    if (variable !== undefined) {
      // Only in native/both mode does Terraform know the password; the login URL is then sensitive.
      new TerraformOutput(this, 'console_login_url', {
        // urlencode: a password with @ / ? # would otherwise change the URL's host or path.
        value: consoleUrl(env, `${env.apiUsername}:${Fn.urlencode(variable.stringValue)}`),
        sensitive: true,
        description: 'Console URL with credentials embedded (same-origin with the API)',
      });
    }
  }
}
