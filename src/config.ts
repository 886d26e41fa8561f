// atoll's settings: CLI flags override environment variables, which override defaults.
export interface AtollConfig {
  port: number;
  host: string;
  stateDir: string;
  inMemory: boolean;
  defaultAccountId: string;
  defaultRegion: string;
  /** Keys whose secrets atoll knows (verified strictly), besides ATOLL_CREDENTIALS / ATOLL_CREDENTIALS_FILE. */
  credentials: Array<{ accessKeyId: string; secretAccessKey: string; accountId?: string }>;
  credentialsFile?: string;
  /** Largest request body accepted (bytes), beyond any service limit. */
  maxBodyBytes: number;
  logLevel: string;
  /**
   * IAM enforcement: `enforce` denies what AWS would deny; `audit` allows but logs and records would-be denials;
   * `off` evaluates nothing.
   */
  iamMode: IamMode;
}

export type IamMode = 'enforce' | 'audit' | 'off';
const IAM_MODES: readonly string[] = ['enforce', 'audit', 'off'];

export type ConfigInput = Partial<AtollConfig>;

const ACCOUNT_RE = /^\d{12}$/;

export function resolveConfig(input: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): AtollConfig {
  const port = input.port ?? (env.ATOLL_PORT !== undefined ? Number(env.ATOLL_PORT) : 4566);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${String(port)}`);
  const defaultAccountId = input.defaultAccountId ?? env.ATOLL_DEFAULT_ACCOUNT_ID ?? '000000000000';
  if (!ACCOUNT_RE.test(defaultAccountId))
    throw new Error(`invalid default account id (12 digits): ${defaultAccountId}`);
  const iamMode = input.iamMode ?? env.ATOLL_IAM ?? 'enforce';
  if (!IAM_MODES.includes(iamMode)) throw new Error(`invalid IAM mode (enforce, audit or off): ${iamMode}`);
  return {
    port,
    host: input.host ?? env.ATOLL_HOST ?? '127.0.0.1',
    stateDir: input.stateDir ?? env.ATOLL_STATE_DIR ?? '.atoll',
    inMemory: input.inMemory ?? (env.ATOLL_IN_MEMORY === '1' || env.ATOLL_IN_MEMORY === 'true'),
    defaultAccountId,
    defaultRegion: input.defaultRegion ?? env.ATOLL_DEFAULT_REGION ?? 'us-east-1',
    credentials: input.credentials ?? [],
    credentialsFile: input.credentialsFile ?? env.ATOLL_CREDENTIALS_FILE,
    maxBodyBytes: input.maxBodyBytes ?? 16 * 1024 * 1024,
    logLevel: input.logLevel ?? env.ATOLL_LOG_LEVEL ?? 'info',
    iamMode: iamMode as IamMode,
  };
}
