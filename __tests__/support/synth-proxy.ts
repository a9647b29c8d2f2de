import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { addFleet, SrsEnvironmentSpec } from '../../lib';

/** The container paths of the proxy's uploaded files: the contract this test reads them by. */
export const PROXY_CONFIG_PATH = '/etc/nginx/srs-secure-kit/nginx.conf';
export const PROXY_PASSWORD_PATH = '/etc/nginx/srs-secure-kit/htpasswd';

interface UploadBlock {
  readonly file: string;
  readonly content?: string;
  readonly content_base64?: string;
  readonly permissions?: string;
}

interface ContainerResource {
  readonly name: string;
  readonly command?: string[];
  readonly entrypoint?: string[];
  readonly network_mode?: string;
  readonly env?: string[];
  readonly user?: string;
  readonly upload?: UploadBlock[];
  readonly ports?: Array<{ internal: number; external: number; ip: string; protocol: string }>;
}

/** What the end-to-end tests run, all of it read back from the synthesized cdk.tf.json. */
export interface SynthesizedProxy {
  readonly environment: string;
  readonly username: string;
  readonly password: string;
  readonly proxy: {
    readonly resourceKey: string;
    readonly entrypoint: string[];
    readonly command: string[];
    readonly networkMode: string;
    readonly user?: string;
    /** nginx.conf as Terraform will write it. */
    readonly nginxConfig: string;
    /** The password file as Terraform will write it; absent in `native` mode. */
    readonly passwordFile?: string;
  };
  readonly srs: {
    readonly resourceKey: string;
    readonly published: Array<{ internal: number; external: number; ip: string; protocol: string }>;
    /** From the uploaded srs.conf's `http_api` block. */
    readonly apiListen: { readonly ip: string; readonly port: number };
    readonly crossdomain: boolean;
    readonly nativeAuth?: { readonly username: string; readonly passwordEnv: string };
  };
  /** The sensitive password variable (`native`/`both`). */
  readonly passwordVariable?: { readonly name: string };
}

/**
 * The inverse of the kit's terraformLiteral and exactly Terraform's reading of a string literal:
 * `$${` is a literal `${` and `%%{` a literal `%{`; nothing else changes.
 */
export function terraformStringValue(literal: string): string {
  return literal.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

function uploadedFile(container: ContainerResource, path: string): string | undefined {
  const upload = container.upload?.find((u) => u.file === path);
  if (upload === undefined) return undefined;
  if (upload.content_base64 !== undefined)
    return Buffer.from(upload.content_base64, 'base64').toString('utf8');
  if (upload.content === undefined)
    throw new Error(`upload of ${path} has neither content nor content_base64`);
  return terraformStringValue(upload.content);
}

/** The body of `name { ... }` at top level of an SRS config (brace-matched). */
function srsBlock(config: string, name: string): string {
  const start = new RegExp(`^\\s*${name}\\s*\\{`, 'm').exec(config);
  if (!start) throw new Error(`srs.conf: no ${name} block`);
  let depth = 0;
  for (let i = start.index + start[0].length - 1; i < config.length; i++) {
    if (config[i] === '{') depth++;
    if (config[i] === '}' && --depth === 0) return config.slice(start.index + start[0].length, i);
  }
  throw new Error(`srs.conf: unterminated ${name} block`);
}

function directive(block: string, name: string): string | undefined {
  return new RegExp(`^\\s*${name}\\s+([^;{}]+);`, 'm').exec(block)?.[1].trim();
}

/**
 * Synthesizes one environment through the kit's own app path (addFleet with explicit variables
 * and a private secrets folder), then reads the proxy container's uploads and the SRS container's
 * config out of cdk.tf.json. Nothing is re-rendered from the model.
 */
export function synthesizeProxy(
  spec: SrsEnvironmentSpec,
  options: { password: string; username?: string; workDir: string },
): SynthesizedProxy {
  const outdir = join(options.workDir, 'cdktf.out');
  mkdirSync(outdir, { recursive: true });
  // cdk.tf.json is what this reads: SYNTH_HCL_OUTPUT (which overrides App's own option) is set
  // aside for this synth.
  const hclVariable = process.env.SYNTH_HCL_OUTPUT;
  delete process.env.SYNTH_HCL_OUTPUT;
  const app = new App({ outdir, skipValidation: true, hclOutput: false });
  if (hclVariable !== undefined) process.env.SYNTH_HCL_OUTPUT = hclVariable;
  const variables: Record<string, string> = { SRS_API_PASSWORD: options.password };
  if (options.username !== undefined) variables.SRS_API_USERNAME = options.username;
  const { credentials } = addFleet(
    app,
    { environments: [spec] },
    { variables, secretsDirectory: join(options.workDir, 'secrets'), log: () => undefined },
  );
  app.synth();
  const username = credentials.get(spec.name)!.username;
  const stack = JSON.parse(readFileSync(join(outdir, 'stacks', spec.name, 'cdk.tf.json'), 'utf8')) as {
    resource: { docker_container: Record<string, ContainerResource> };
    variable?: Record<string, unknown>;
  };

  const containers = Object.entries(stack.resource.docker_container);
  const proxies = containers.filter(([, c]) => c.upload?.some((u) => u.file === PROXY_CONFIG_PATH));
  if (proxies.length !== 1)
    throw new Error(`expected one container uploading ${PROXY_CONFIG_PATH}, found ${proxies.length}`);
  const [proxyKey, proxy] = proxies[0];
  const srsReference = /^container:\$\{docker_container\.([^.]+)\.id\}$/.exec(proxy.network_mode ?? '');
  if (!srsReference) throw new Error(`proxy network_mode is not container:<srs id>: ${proxy.network_mode}`);
  const srsKey = srsReference[1];
  const srs = stack.resource.docker_container[srsKey];

  const srsConfPath = (srs.command ?? [])[(srs.command ?? []).indexOf('-c') + 1];
  const srsConf = uploadedFile(srs, `/usr/local/srs/${srsConfPath}`);
  if (srsConf === undefined)
    throw new Error(`SRS container uploads no ${srsConfPath} (configDelivery 'env' is not covered here)`);
  const httpApi = srsBlock(srsConf, 'http_api');
  const listen = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(directive(httpApi, 'listen') ?? '');
  if (!listen) throw new Error(`srs.conf http_api.listen is not ip:port: ${directive(httpApi, 'listen')}`);
  let nativeAuth: SynthesizedProxy['srs']['nativeAuth'];
  if (/^\s*auth\s*\{/m.test(httpApi)) {
    const auth = srsBlock(httpApi, 'auth');
    if (directive(auth, 'enabled') === 'on') {
      const passwordEnv = (srs.env ?? []).find((e) => e.startsWith('SRS_HTTP_API_AUTH_PASSWORD='));
      if (passwordEnv === undefined)
        throw new Error('native auth on, but no SRS_HTTP_API_AUTH_PASSWORD in the SRS env');
      nativeAuth = { username: directive(auth, 'username') ?? '', passwordEnv };
    }
  }

  // The sensitive variable that carries the password to SRS (`native`/`both`); the stand-in
  // gets the test password in its place, as `TF_VAR_<name>` would give it to Terraform.
  const variableNames = Object.keys(stack.variable ?? {});
  const passwordVariable: SynthesizedProxy['passwordVariable'] =
    variableNames.length > 0 ? { name: variableNames[0] } : undefined;

  return {
    environment: spec.name,
    username,
    password: options.password,
    proxy: {
      resourceKey: proxyKey,
      entrypoint: proxy.entrypoint ?? [],
      command: proxy.command ?? [],
      networkMode: proxy.network_mode ?? '',
      user: proxy.user,
      nginxConfig: uploadedFile(proxy, PROXY_CONFIG_PATH)!,
      passwordFile: uploadedFile(proxy, PROXY_PASSWORD_PATH),
    },
    srs: {
      resourceKey: srsKey,
      published: srs.ports ?? [],
      apiListen: { ip: listen[1], port: Number(listen[2]) },
      crossdomain: directive(httpApi, 'crossdomain') === 'on',
      nativeAuth,
    },
    passwordVariable,
  };
}
