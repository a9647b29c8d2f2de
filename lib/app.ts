import { App } from 'cdktf';
import { ApiCredentials, CredentialStoreOptions, resolveApiCredentials } from './credentials';
import { checkFleet, ResolvedEnvironment, SrsFleetSpec, SynthVariables } from './model/environment';
import { environmentUrls } from './model/urls';
import { SrsEnvironmentStack } from './docker/environment-stack';

export interface FleetAppOptions {
  /** The process environment at synth time. @default process.env */
  readonly variables?: SynthVariables;
  /** Where generated passwords are kept. @default '.secrets' in the working directory */
  readonly secretsDirectory?: string;
  /** Notices (never secrets). @default stderr */
  readonly log?: (message: string) => void;
}

export interface FleetApp {
  readonly environments: readonly ResolvedEnvironment[];
  readonly stacks: readonly SrsEnvironmentStack[];
  readonly credentials: ReadonlyMap<string, ApiCredentials>;
}

/**
 * Adds one stack per environment to the app. Validation and credentials come first and throw
 * KitValidationError with every problem, so nothing is added (or written) for an invalid fleet.
 */
export function addFleet(app: App, fleet: SrsFleetSpec, options: FleetAppOptions = {}): FleetApp {
  const variables = options.variables ?? process.env;
  const { environments, problems } = checkFleet(fleet, variables);
  const storeOptions: CredentialStoreOptions = {
    variables,
    directory: options.secretsDirectory,
    log: options.log,
  };
  const credentials = resolveApiCredentials(environments, storeOptions, problems);
  const stacks = environments.map(
    (environment) =>
      new SrsEnvironmentStack(app, { environment, credentials: credentials.get(environment.name)! }),
  );
  return { environments, stacks, credentials };
}

/** One line per environment: its ports and URLs, for the engineer after synth. */
export function fleetSummary(environments: readonly ResolvedEnvironment[]): string {
  return environments
    .map((env) => {
      const ports = env.published
        .map((p) => `${p.service} ${env.hostAddress}:${p.hostPort}/${p.protocol}`)
        .join(', ');
      const urls = Object.entries(environmentUrls(env))
        .map(([key, url]) => `${key.replace(/_url$/, '')}=${url.value}`)
        .join(' ');
      return `${env.name} [${env.authMode}, SRS ${env.srsImage}]: ${ports} | ${urls}`;
    })
    .join('\n');
}
