// Runs a blueprint's deploy/run/verify/destroy against atoll (or real AWS with --aws), persisting the
// blueprint's outputs between commands in .atoll-blueprints/<name>.json.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Blueprint, BlueprintContext, CheckResult, ClientConfig } from './types.js';

export type BlueprintAction = 'deploy' | 'run' | 'verify' | 'destroy';

export interface RunOptions {
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Where outputs are kept (default: ./.atoll-blueprints). */
  outputsDir?: string;
  log?: (message: string) => void;
}

/** The package root: this file is src/blueprints/runner.ts, or dist/src/blueprints/runner.js once built. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** Blueprint sources live in blueprints/<name>/ (assets); compiled code beside atoll's (dist/blueprints). */
export function blueprintNames(): string[] {
  const dir = join(packageRoot(), 'blueprints');
  return existsSync(dir) ? readdirSync(dir).filter((n) => existsSync(join(dir, n, 'index.ts'))) : [];
}

export async function loadBlueprint(name: string): Promise<Blueprint> {
  if (!/^[a-z0-9-]+$/.test(name) || !blueprintNames().includes(name)) {
    throw new Error(`no blueprint named '${name}' (available: ${blueprintNames().join(', ') || 'none'})`);
  }
  const here = fileURLToPath(import.meta.url);
  // Under vitest the sources run directly; from dist the compiled module sits at dist/blueprints/<name>.
  const compiled = here.endsWith('.ts')
    ? join(packageRoot(), 'blueprints', name, 'index.ts')
    : join(packageRoot(), 'dist', 'blueprints', name, 'index.js');
  const mod = (await import(compiled)) as { blueprint?: Blueprint };
  if (!mod.blueprint) throw new Error(`blueprint '${name}' does not export 'blueprint'`);
  return mod.blueprint;
}

export async function runBlueprint(
  name: string,
  action: BlueprintAction,
  opts: RunOptions,
): Promise<{ checks?: CheckResult[] }> {
  const bp = await loadBlueprint(name);
  const log = opts.log ?? ((m: string) => process.stdout.write(`${m}\n`));
  const outputsDir = resolve(opts.outputsDir ?? '.atoll-blueprints');
  const outputsFile = join(outputsDir, `${name}.json`);
  const outputs = existsSync(outputsFile)
    ? (JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, unknown>)
    : {};
  const clientConfig: ClientConfig = {
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
  };
  const identity = await new STSClient(clientConfig).send(new GetCallerIdentityCommand({}));
  const ctx: BlueprintContext = {
    clientConfig,
    clientConfigFor: (accountId, region) => ({
      ...clientConfig,
      region: region ?? opts.region,
      credentials: { accessKeyId: accountId, secretAccessKey: 'atoll' },
    }),
    region: opts.region,
    accountId: identity.Account ?? '',
    asset: (rel) => join(packageRoot(), 'blueprints', name, rel),
    outputs,
    log,
  };
  const save = () => {
    mkdirSync(outputsDir, { recursive: true });
    writeFileSync(outputsFile, JSON.stringify(outputs, null, 2));
  };
  try {
    if (action === 'deploy') await bp.deploy(ctx);
    else if (action === 'run') await (bp.run ?? (async () => log('this blueprint has no separate run step')))(ctx);
    else if (action === 'destroy') await bp.destroy(ctx);
    else {
      const checks = await bp.verify(ctx);
      for (const c of checks) log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
      return { checks };
    }
    return {};
  } finally {
    save();
  }
}
