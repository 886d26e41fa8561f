// verify: drives the orders of one run through the command API, then checks the event store, the read models,
// the query API, snapshots and replay. Every scenario uses ids unique to the run, so verify can be re-run.
import type { BlueprintContext, CheckResult } from '../../src/blueprints/types.js';
import { Run } from './checks.js';
import { verifyCommands, verifyConcurrency, verifySnapshots } from './verify-write.js';
import { verifyAppendOnly } from './verify-iam.js';
import { verifyMapping, verifyQueries, verifyReadModels, verifyReplay } from './verify-read.js';

export async function verify(ctx: BlueprintContext): Promise<CheckResult[]> {
  const run = new Run(ctx);
  const checks: CheckResult[] = [];
  const attempt = async (name: string, body: () => Promise<CheckResult>) => {
    try {
      checks.push(await body());
    } catch (e) {
      checks.push({ name, ok: false, detail: (e as Error).message });
    }
  };
  await verifyCommands(run, attempt);
  await verifyConcurrency(run, attempt);
  await verifySnapshots(run, attempt);
  await verifyReadModels(run, attempt);
  await verifyQueries(run, attempt);
  await verifyReplay(run, attempt);
  await verifyMapping(run, attempt);
  await verifyAppendOnly(run, attempt);
  return checks;
}
