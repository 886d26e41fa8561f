// The command/query API as a client sees it: atoll has no API Gateway or function URLs yet, so the command and
// query functions are called with Lambda Invoke (RequestResponse). They answer in the function-URL response
// format ({statusCode, headers, body}), which this client unwraps.
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import { type Fn, functionName } from './resources.js';

export interface Reply<B = Record<string, unknown>> {
  statusCode: number;
  body: B;
}

export interface CommandReply {
  orderId?: string;
  commandId?: string;
  version?: number;
  event?: { type: string; version: number; data: Record<string, unknown> };
  snapshotTaken?: boolean;
  loadedFrom?: { snapshotVersion: number; eventsApplied: number };
  error?: string;
  message?: string;
  detail?: { reason?: string; version?: number };
}

export type Command = { type: string; orderId: string } & Record<string, unknown>;

export class Api {
  private readonly lambda: LambdaClient;

  constructor(ctx: BlueprintContext) {
    this.lambda = new LambdaClient(ctx.clientConfig);
  }

  /** Invokes `f` synchronously; a function error (the handler threw) is an exception, not a reply. */
  async invoke<B>(f: Fn, payload: unknown): Promise<Reply<B>> {
    const out = await this.lambda.send(
      new InvokeCommand({
        FunctionName: functionName(f),
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    const text = new TextDecoder().decode(out.Payload);
    if (out.FunctionError) throw new Error(`${functionName(f)} failed (${out.FunctionError}): ${text}`);
    const reply = JSON.parse(text) as { statusCode: number; body: string };
    return { statusCode: reply.statusCode, body: JSON.parse(reply.body) as B };
  }

  command(cmd: Command): Promise<Reply<CommandReply>> {
    return this.invoke<CommandReply>('command', cmd);
  }

  query<B = Record<string, unknown>>(q: Record<string, unknown>): Promise<Reply<B>> {
    return this.invoke<B>('query', q);
  }
}
