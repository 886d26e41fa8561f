// verify: drives one order per scenario through the deployed sagas and checks each outcome against the
// execution (status, error, cause, history) and DynamoDB (inventory, payment, step log).
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { BlueprintContext, CheckResult } from '../../src/blueprints/types.js';
import { arns, deployableDefinition, MACHINES, type MachineKey, seedDefinition } from './resources.js';
import { functionErrors, type Order, type Outcome, retryGaps, Saga, scheduledCount, stateInput } from './saga.js';

const STOCK = 10;
const QTY = 2;

type Expectation = [label: string, ok: boolean, got: unknown];

function check(name: string, expectations: Expectation[], info?: string): CheckResult {
  const failed = expectations.filter(([, ok]) => !ok);
  return failed.length === 0
    ? { name, ok: true, ...(info ? { detail: info } : {}) }
    : { name, ok: false, detail: failed.map(([l, , got]) => `${l}: got ${JSON.stringify(got)}`).join('; ') };
}

const waits = (gaps: number[]) => `waits before each retry: ${gaps.map((g) => `${g} ms`).join(', ')}`;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function verify(ctx: BlueprintContext): Promise<CheckResult[]> {
  const saga = new Saga(ctx);
  const run = Date.now().toString(36);
  const checks: CheckResult[] = [];
  /** One order of QTY units of a product stocked at `stock`, unique to this verify run. */
  const order = async (scenario: string, extra: Partial<Order> = {}, stock = STOCK): Promise<Order> => {
    const productId = `${scenario}-sku`;
    await saga.stock(productId, stock);
    return {
      orderId: `${scenario}-${run}`,
      items: [{ productId, quantity: QTY }],
      payment: { amount: 250 },
      shipping: { country: 'US' },
      ...extra,
    };
  };
  const attempt = async (name: string, body: () => Promise<CheckResult>) => {
    try {
      checks.push(await body());
    } catch (e) {
      checks.push({ name, ok: false, detail: (e as Error).message });
    }
  };
  const restored = (o: Outcome, stock = STOCK): Expectation => [
    `inventory restored to ${stock} available / 0 reserved`,
    o.inventory.available === stock && o.inventory.reserved === 0,
    o.inventory,
  ];
  const failedWith = (o: Outcome, m: MachineKey): Expectation[] => [
    ['status FAILED', o.status === 'FAILED', o.status],
    ['error OrderProcessingFailed', o.error === 'OrderProcessingFailed', o.error],
    ["the Fail state's Cause", o.cause === JSON.parse(seedDefinition(ctx, m)).States.OrderFailed.Cause, o.cause],
  ];

  await attempt('both state machines run the seed ASL with only the Lambda ARNs substituted', async () => {
    const sfn = new SFNClient(ctx.clientConfig);
    const exp: Expectation[] = [];
    for (const m of Object.keys(MACHINES) as MachineKey[]) {
      const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arns(ctx).machine(m) }));
      exp.push([`${m} definition`, d.definition === deployableDefinition(ctx, m), d.definition?.slice(0, 80)]);
    }
    return check('both state machines run the seed ASL with only the Lambda ARNs substituted', exp);
  });

  await attempt('success path: reserve, pay, ship', async () => {
    const o = await saga.run('asl', await order('success'));
    const out = o.output as { inventoryResult?: { status?: string }; shipmentResult?: { status?: string } };
    return check('success path: reserve, pay, ship', [
      ['status SUCCEEDED', o.status === 'SUCCEEDED', o.status],
      [
        'states entered',
        same(o.entered, ['ReserveInventory', 'ProcessPayment', 'ShipOrder', 'OrderSucceeded']),
        o.entered,
      ],
      ['output carries the reservation', out?.inventoryResult?.status === 'RESERVED', out?.inventoryResult],
      ['output carries the shipment', out?.shipmentResult?.status === 'SHIPPED', out?.shipmentResult],
      [
        `inventory ${STOCK - QTY} available / ${QTY} reserved`,
        o.inventory.available === STOCK - QTY && o.inventory.reserved === QTY,
        o.inventory,
      ],
      ['payment CHARGED', o.payment?.status === 'CHARGED' && o.payment?.amount === 250, o.payment],
      ['order step log', same(o.order?.steps, ['ReserveInventory', 'ProcessPayment', 'ShipOrder']), o.order?.steps],
    ]);
  });

  await attempt('payment failure: inventory released, execution fails with OrderProcessingFailed', async () => {
    const o = await saga.run('asl', await order('payment-declined', { payment: { amount: 5000 } }));
    const caught = stateInput(o, 'ReleaseInventory') as {
      error?: { Error?: string; Cause?: string };
      inventoryResult?: { status?: string };
    };
    return check('payment failure: inventory released, execution fails with OrderProcessingFailed', [
      ...failedWith(o, 'asl'),
      [
        'states entered',
        same(o.entered, ['ReserveInventory', 'ProcessPayment', 'ReleaseInventory', 'OrderFailed']),
        o.entered,
      ],
      ['ProcessPayment failed with PaymentDeclined', same(functionErrors(o), ['PaymentDeclined']), functionErrors(o)],
      // The Catch's ResultPath "$.error" hands the compensation the error next to the reservation to undo.
      [
        'ReleaseInventory input carries $.error and $.inventoryResult',
        caught?.error?.Error === 'PaymentDeclined' &&
          /"errorType":"PaymentDeclined"/.test(caught.error.Cause ?? '') &&
          caught.inventoryResult?.status === 'RESERVED',
        caught,
      ],
      restored(o),
      ['payment not charged (DECLINED)', o.payment?.status === 'DECLINED', o.payment],
      [
        'order step log',
        same(o.order?.steps, ['ReserveInventory', 'ProcessPayment:declined', 'ReleaseInventory']),
        o.order?.steps,
      ],
    ]);
  });

  for (const m of Object.keys(MACHINES) as MachineKey[]) {
    const [refund, release] =
      m === 'asl' ? ['RefundPayment', 'ReleaseInventory'] : ['CompensatePayment', 'CompensateInventory'];
    const name = `shipping failure (${MACHINES[m].name}): payment refunded, then inventory released`;
    await attempt(name, async () => {
      const o = await saga.run(m, await order(`shipping-${m}`, { shipping: { country: 'AQ' } }));
      return check(name, [
        ...failedWith(o, m),
        [
          'states entered',
          same(o.entered, ['ReserveInventory', 'ProcessPayment', 'ShipOrder', refund, release, 'OrderFailed']),
          o.entered,
        ],
        [
          'ShipOrder failed with ShippingUnavailable',
          same(functionErrors(o), ['ShippingUnavailable']),
          functionErrors(o),
        ],
        ['payment REFUNDED', o.payment?.status === 'REFUNDED', o.payment],
        restored(o),
        [
          'order step log: refund before release',
          same(o.order?.steps, [
            'ReserveInventory',
            'ProcessPayment',
            'ShipOrder:unavailable',
            'RefundPayment',
            'ReleaseInventory',
          ]),
          o.order?.steps,
        ],
      ]);
    });
  }

  await attempt("insufficient stock: the seed's conditional update rejects the reservation", async () => {
    const o = await saga.run('asl', await order('short-stock', {}, 1));
    const failed = o.events.find((e) => e.type === 'LambdaFunctionFailed')?.lambdaFunctionFailedEventDetails;
    return check("insufficient stock: the seed's conditional update rejects the reservation", [
      ...failedWith(o, 'asl'),
      ['states entered', same(o.entered, ['ReserveInventory', 'OrderFailed']), o.entered],
      ['function error', /Insufficient inventory for short-stock-sku/.test(failed?.cause ?? ''), failed],
      restored(o, 1),
      ['no payment', o.payment === undefined, o.payment],
    ]);
  });

  await verifyRetries(saga, order, attempt);
  return checks;
}

async function verifyRetries(
  saga: Saga,
  order: (scenario: string, extra?: Partial<Order>) => Promise<Order>,
  attempt: (name: string, body: () => Promise<CheckResult>) => Promise<void>,
): Promise<void> {
  const retried = 'Retry on Lambda.ServiceException: ReserveInventory retried with growing backoff, then succeeds';
  await attempt(retried, async () => {
    const o = await saga.run('terraform', await order('flaky', { simulate: { reserveServiceErrors: 2 } }));
    const gaps = retryGaps(o);
    const ratio = gaps.length === 2 && gaps[0]! > 0 ? gaps[1]! / gaps[0]! : 0;
    return check(
      retried,
      [
        ['status SUCCEEDED', o.status === 'SUCCEEDED', o.status],
        [
          'two Lambda.ServiceException failures',
          same(functionErrors(o), ['Lambda.ServiceException', 'Lambda.ServiceException']),
          functionErrors(o),
        ],
        ['ReserveInventory attempted 3 times (history)', scheduledCount(o) === 3 + 2, scheduledCount(o)],
        ['ReserveInventory attempted 3 times (DynamoDB counter)', o.order?.reserveAttempts === 3, o.order],
        ['ReserveInventory entered once', o.entered.filter((s) => s === 'ReserveInventory').length === 1, o.entered],
        // BackoffRate 2: the second wait is twice the first (IntervalSeconds 2, then 4, scaled by the server).
        ['second wait ~2x the first (BackoffRate 2)', ratio > 1.5 && ratio < 3, gaps],
      ],
      waits(gaps),
    );
  });

  const exhausted = 'Retry exhausted (MaxAttempts 3): 4 attempts, then Catch -> OrderFailed';
  await attempt(exhausted, async () => {
    const o = await saga.run('terraform', await order('flaky-exhausted', { simulate: { reserveServiceErrors: 9 } }));
    const gaps = retryGaps(o);
    return check(
      exhausted,
      [
        ['status FAILED', o.status === 'FAILED', o.status],
        ['error OrderProcessingFailed', o.error === 'OrderProcessingFailed', o.error],
        ['states entered', same(o.entered, ['ReserveInventory', 'OrderFailed']), o.entered],
        ['4 attempts', o.order?.reserveAttempts === 4 && scheduledCount(o) === 4, o.order?.reserveAttempts],
        ['waits grow each time', gaps.length === 3 && gaps[0]! < gaps[1]! && gaps[1]! < gaps[2]!, gaps],
        ['inventory untouched', o.inventory.available === STOCK && o.inventory.reserved === 0, o.inventory],
      ],
      waits(gaps),
    );
  });

  const noRetry = 'the JSON ASL (no Retry) fails the order on the first Lambda.ServiceException';
  await attempt(noRetry, async () => {
    const o = await saga.run('asl', await order('flaky-asl', { simulate: { reserveServiceErrors: 1 } }));
    return check(noRetry, [
      ['status FAILED', o.status === 'FAILED', o.status],
      ['one attempt', o.order?.reserveAttempts === 1 && scheduledCount(o) === 1, o.order?.reserveAttempts],
      ['states entered', same(o.entered, ['ReserveInventory', 'OrderFailed']), o.entered],
    ]);
  });
}
