import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { ApiCredentials, checkPassword } from '../credentials';
import { checkFleet, ResolvedEnvironment, SrsEnvironmentSpec, SynthVariables } from '../model/environment';
import { ProblemList } from '../model/problems';
import { NGINX_PATHS, renderNginxConfig } from '../render/nginx-config';
import { renderPasswordFile } from '../render/password-file';
import { renderSrsConfig, SRS_CONFIG_PATH } from '../render/srs-config';
import { renderSrsEnv } from '../render/srs-env';

export interface SecureSrsProps {
  /** The validated, resolved environment (see resolveFleet). */
  readonly environment: ResolvedEnvironment;
  /** The API credentials; only a salted hash of the password reaches the synthesized output. */
  readonly credentials: ApiCredentials;
}

/** The image's WORKDIR; the kit's srs.conf is uploaded relative to it. */
const SRS_WORKDIR = '/usr/local/srs';
/** The `nginx` user of the official image. */
const NGINX_UID = '101:101';
const KIT_LABEL = 'srs-secure-kit.environment';

/**
 * One SRS server with its HTTP API behind an authenticating nginx, on Docker:
 * a network, the SRS container (API on loopback only, media ports published), and nginx joined to
 * SRS's network namespace with the public API port. Construct ids are a public contract: changing
 * one replaces the resource.
 */
export class SecureSrs extends Construct {
  public readonly network: Network;
  public readonly srsContainer: Container;
  public readonly proxyContainer: Container;
  /** The sensitive variable carrying the password to SRS (`native` and `both` modes only). */
  public readonly apiPasswordVariable?: TerraformVariable;

  /**
   * A SecureSrs from an environment spec, validated like a fleet: every problem of the spec and
   * of the password is thrown at once as a KitValidationError, before any resource exists.
   */
  public static fromSpec(
    scope: Construct,
    id: string,
    spec: SrsEnvironmentSpec,
    password: string,
    variables: SynthVariables = {},
  ): SecureSrs {
    const { environments, problems } = checkFleet({ environments: [spec] }, variables);
    const list = new ProblemList();
    list.addAll(problems);
    const environment = environments[0];
    if (environment !== undefined) checkPassword(list, environment, 'fromSpec(password)', password);
    list.throwIfAny();
    return new SecureSrs(scope, id, {
      environment,
      credentials: { username: environment.apiUsername, password, source: 'environment' },
    });
  }

  constructor(scope: Construct, id: string, props: SecureSrsProps) {
    super(scope, id);
    const env = props.environment;
    const { username, password } = props.credentials;
    const labels = [{ label: KIT_LABEL, value: env.name }];
    // Both containers: no capabilities, no privilege escalation, bounded logs (a flood of failed
    // logins writes ~190 bytes per attempt), restarted unless stopped by hand.
    const hardened = {
      restart: 'unless-stopped',
      mustRun: true,
      securityOpts: ['no-new-privileges:true'],
      capabilities: { drop: ['ALL'] },
      logDriver: 'json-file',
      logOpts: { 'max-size': '10m', 'max-file': '3' },
      labels,
    };

    this.network = new Network(this, 'network', { name: env.names.network, labels });

    const srsImage = new Image(this, 'srs-image', { name: env.srsImage, keepLocally: true });
    const nginxImage = new Image(this, 'proxy-image', { name: env.nginxImage, keepLocally: true });

    const srsEnv: string[] = [];
    if (env.configDelivery === 'env') {
      for (const [key, value] of Object.entries(renderSrsEnv(env.srs))) srsEnv.push(`${key}=${value}`);
    }
    if (env.authMode !== 'proxy') {
      // SRS must see the plain password: it comes from a sensitive variable at apply time, never
      // from cdk.tf.json. No Terraform `validation` on it: when a validation fails, Terraform
      // prints the variable's value, sensitive or not (measured with Terraform 1.11.4). The
      // password's rules are checked at synth time instead.
      this.apiPasswordVariable = new TerraformVariable(this, 'api-password', {
        type: 'string',
        sensitive: true,
        nullable: false,
        description: `API password of SRS environment "${env.name}": the value it was synthesized with`,
      });
      this.apiPasswordVariable.overrideLogicalId(apiPasswordVariableName(env.name));
      srsEnv.push(`SRS_HTTP_API_AUTH_PASSWORD=${this.apiPasswordVariable.stringValue}`);
    }

    this.srsContainer = new Container(this, 'srs', {
      name: env.names.srsContainer,
      image: srsImage.imageId,
      command: env.configDelivery === 'file' ? ['./objs/srs', '-c', SRS_CONFIG_PATH] : ['./objs/srs', '-e'],
      env: srsEnv.length > 0 ? srsEnv : undefined,
      upload:
        env.configDelivery === 'file'
          ? [
              {
                file: `${SRS_WORKDIR}/${SRS_CONFIG_PATH}`,
                ...uploadContent(
                  renderSrsConfig(env.srs, [
                    `SRS config of environment "${env.name}", rendered by srs-secure-kit. Edit the model, not this file.`,
                  ]),
                ),
                permissions: '0644',
              },
            ]
          : undefined,
      networksAdvanced: [{ name: this.network.name }],
      // Every port of the shared namespace is published here, the proxy's included: Docker
      // refuses published ports on a container that joins another's namespace.
      ports: env.published.map((p) => ({
        internal: p.containerPort,
        external: p.hostPort,
        ip: env.hostAddress,
        protocol: p.protocol,
      })),
      ...hardened,
    });

    this.proxyContainer = new Container(this, 'api-proxy', {
      name: env.names.proxyContainer,
      image: nginxImage.imageId,
      // The container id, not `container:<name>`: the provider stores the id form after apply,
      // and a name would plan a replacement on every apply.
      networkMode: `container:${this.srsContainer.id}`,
      // Skip the image's entrypoint scripts (they rewrite /etc/nginx/conf.d as root).
      entrypoint: ['nginx'],
      command: ['-e', 'stderr', '-c', NGINX_PATHS.config, '-g', 'daemon off;'],
      user: NGINX_UID,
      upload: [
        { file: NGINX_PATHS.config, ...uploadContent(renderNginxConfig(env)), permissions: '0444' },
        ...(env.proxy.basicAuth
          ? [
              {
                file: NGINX_PATHS.passwordFile,
                ...uploadContent(renderPasswordFile(username, password, env.name)),
                permissions: '0444',
              },
            ]
          : []),
      ],
      ...hardened,
    });
  }
}

/** The Terraform variable that carries an environment's API password: `TF_VAR_<this>`. */
export function apiPasswordVariableName(environment: string): string {
  return `srs_api_password_${environment.replace(/-/g, '_')}`;
}

/** Rendered text as a Terraform string literal: `${` and `%{` would otherwise start templates. */
export function terraformLiteral(text: string): string {
  // Function replacements: in a replacement string `$$` would itself collapse to `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * The `upload` attribute that makes Terraform write exactly `text`, in JSON and in HCL output.
 * cdktf's HCL renderer writes a multi-line string as a heredoc that adds a newline, so in HCL mode
 * the text's own final newline is left to the heredoc. One-line files go as base64: no HCL form
 * of a one-line string keeps its newline.
 */
export function uploadContent(text: string): { content: string } | { contentBase64: string } {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (!body.includes('\n')) return { contentBase64: Buffer.from(text, 'utf8').toString('base64') };
  if (!text.endsWith('\n') || /^EOF$/m.test(text) || text.includes('\r')) {
    throw new Error(
      'srs-secure-kit: a rendered file must end with a newline and contain no CR or line "EOF"',
    );
  }
  return { content: terraformLiteral(synthesizesHcl() ? body : text) };
}

/**
 * Whether stacks are written as HCL: the switch cdktf's stack synthesizer itself reads
 * (SYNTH_HCL_OUTPUT, 'true' or '1'), not App's hclOutput, which only names the output file.
 */
export function synthesizesHcl(): boolean {
  return process.env.SYNTH_HCL_OUTPUT === 'true' || process.env.SYNTH_HCL_OUTPUT === '1';
}
