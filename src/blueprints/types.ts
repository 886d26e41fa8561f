// What a blueprint is: a program that provisions one of the seeds' reference architectures through the public
// AWS API only (so it runs against real AWS too), drives its scenario, and checks the outcomes.

export interface ClientConfig {
  /** atoll's endpoint; undefined against real AWS (the SDK's own endpoint resolution). */
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
}

export interface BlueprintContext {
  /** Spread into every SDK client: `new SQSClient(ctx.clientConfig)`. */
  clientConfig: ClientConfig;
  /** Client config acting as another account's root (atoll: a 12-digit access key id selects the account). */
  clientConfigFor(accountId: string, region?: string): ClientConfig;
  region: string;
  /** The account the default credentials act in (from STS GetCallerIdentity). */
  accountId: string;
  /** Absolute path of a file in the blueprint's source folder (Lambda handler sources, documents). */
  asset(relativePath: string): string;
  /** Values deploy records for run/verify/destroy (persisted between invocations of the command). */
  outputs: Record<string, unknown>;
  log(message: string): void;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface Blueprint {
  name: string;
  /** One line: what it builds and which seed it comes from. */
  description: string;
  deploy(ctx: BlueprintContext): Promise<void>;
  /** Drives the scenario (optional: verify may drive it itself). */
  run?(ctx: BlueprintContext): Promise<void>;
  /** Checks each outcome the seed's success metrics ask for. */
  verify(ctx: BlueprintContext): Promise<CheckResult[]>;
  destroy(ctx: BlueprintContext): Promise<void>;
}
