// verify, immutability of the log: asked through IAM's policy simulator, only the command function's role may
// write to the event store, only by PutItem (whose condition never overwrites a version), and no role may
// update or delete an event.
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { type Attempt, check, type Expectation, type Run } from './checks.js';
import { arns, FUNCTIONS, roleName, TABLES } from './resources.js';

const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export async function verifyAppendOnly(run: Run, attempt: Attempt): Promise<void> {
  const name = 'the event log is append-only: only the command role may PutItem; no role may update or delete an event';
  await attempt(name, async () => {
    const iam = new IAMClient(run.ctx.clientConfig);
    const a = arns(run.ctx);
    const exp: Expectation[] = [];
    for (const f of FUNCTIONS) {
      const out = await iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: a.role(roleName(f)),
          ActionNames: WRITES,
          ResourceArns: [a.table(TABLES.events.name)],
        }),
      );
      const allowed = (out.EvaluationResults ?? [])
        .filter((r) => r.EvalDecision === 'allowed')
        .map((r) => r.EvalActionName);
      const want = f === 'command' ? ['dynamodb:PutItem'] : [];
      exp.push([
        `${roleName(f)} may only ${want.join(', ') || 'read'}`,
        JSON.stringify(allowed) === JSON.stringify(want),
        allowed,
      ]);
    }
    return check(name, exp);
  });
}
