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

export interface FleetApp extends PreparedFleet {
  readonly stacks: readonly SrsEnvironmentStack[];
}

/** A validated fleet with its credentials: all that adding its stacks needs. */
export interface PreparedFleet {
  readonly environments: readonly ResolvedEnvironment[];
  readonly credentials: ReadonlyMap<string, ApiCredentials>;
}

/**
 * Validates the fleet and finds its credentials. Throws KitValidationError with every problem
 * (fleet and credentials together) before anything is written, password files included. Call it
 * before creating the App: an App creates its output folder as soon as it exists.
 */
export function prepareFleet(fleet: SrsFleetSpec, options: FleetAppOptions = {}): PreparedFleet {
  const variables = options.variables ?? process.env;
  const { environments, problems } = checkFleet(fleet, variables);
  const storeOptions: CredentialStoreOptions = {
    variables,
    directory: options.secretsDirectory,
    log: options.log,
  };
  return { environments, credentials: resolveApiCredentials(environments, storeOptions, problems) };
}

/** Adds one stack per environment of a prepared fleet to the app. */
export function addPreparedFleet(app: App, prepared: PreparedFleet): FleetApp {
  const stacks = prepared.environments.map(
    (environment) =>
      new SrsEnvironmentStack(app, environment.name, {
        environment,
        credentials: prepared.credentials.get(environment.name)!,
      }),
  );
  return { ...prepared, stacks };
}

/** prepareFleet and addPreparedFleet in one call. */
export function addFleet(app: App, fleet: SrsFleetSpec, options: FleetAppOptions = {}): FleetApp {
  return addPreparedFleet(app, prepareFleet(fleet, options));
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
