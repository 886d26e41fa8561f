// Schema inference (discoverers, GetDiscoveredSchema) and the OpenApi3 -> JSONSchemaDraft4 export.
import { describe, expect, it } from 'vitest';
import {
  detailOf,
  discoveredName,
  inferEvents,
  merge,
  nodeOf,
  openApiToDraft4,
  pascal,
  toOpenApi3,
  type Inferred,
} from '../../../src/services/schemas/infer.js';

const ev = (detail: unknown, detailType = 'Order Created') => ({ source: 'shop', 'detail-type': detailType, detail });

describe('naming', () => {
  it('names discovered schemas <source>@<DetailType> and components in PascalCase', () => {
    expect(discoveredName('aws.ec2', 'EC2 Instance State-change Notification')).toBe(
      'aws.ec2@EC2InstanceStateChangeNotification',
    );
    expect(pascal('pickup_location')).toBe('PickupLocation');
    expect(pascal('3d-model')).toBe('_3dModel');
    expect(pascal('---')).toBe('Object');
  });
});

describe('inference', () => {
  it('writes AWSEvent with detail and nested objects as components', () => {
    const inf = inferEvents([
      ev({ id: 'a', at: '2026-01-01T00:00:00.000Z', n: 1.5, ok: true, tags: ['x'], addr: { zip: '1' } }),
    ]) as Inferred;
    const doc = JSON.parse(toOpenApi3(inf));
    const c = doc.components.schemas;
    expect(c.AWSEvent.properties.detail).toEqual({ $ref: '#/components/schemas/OrderCreated' });
    expect(c.OrderCreated.properties).toEqual({
      addr: { $ref: '#/components/schemas/Addr' },
      at: { type: 'string', format: 'date-time' },
      id: { type: 'string' },
      n: { type: 'number' },
      ok: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
    });
    expect(c.Addr).toEqual({ type: 'object', required: ['zip'], properties: { zip: { type: 'string' } } });
  });

  it('suffixes a component name already taken', () => {
    const inf = inferEvents([ev({ orderCreated: { a: 1 } })]) as Inferred;
    const c = JSON.parse(toOpenApi3(inf)).components.schemas;
    expect(c.OrderCreated.properties.orderCreated).toEqual({ $ref: '#/components/schemas/OrderCreated_1' });
  });

  it('merges events: properties unite, required keeps the common ones, nulls give way', () => {
    const merged = merge(nodeOf({ a: 1, b: null }), nodeOf({ a: 2, b: 'x', c: true }));
    expect(merged).toEqual({
      kind: 'object',
      props: new Map<string, unknown>([
        ['a', { kind: 'number' }],
        ['b', { kind: 'string', dateTime: false }],
        ['c', { kind: 'boolean' }],
      ]),
      required: new Set(['a', 'b']),
    });
  });

  it('reads back what it wrote, so the next event merges into the latest version', () => {
    const inf = inferEvents([ev({ id: 'a', items: [{ sku: 'x' }] })]) as Inferred;
    const text = toOpenApi3(inf);
    const again = toOpenApi3({ ...inf, detail: detailOf(text)! });
    expect(again).toBe(text);
  });

  it('refuses events without source/detail-type or with different ones', () => {
    expect(inferEvents([{ source: 'x' }])).toMatch(/source and a detail-type/);
    expect(inferEvents([ev({}), ev({}, 'Other')])).toMatch(/same source/);
    expect(inferEvents([])).toMatch(/empty/);
  });
});

describe('export', () => {
  it('turns components into draft-04 definitions with AWSEvent (or the title) as the root', () => {
    const out = JSON.parse(
      openApiToDraft4(
        JSON.stringify({
          openapi: '3.0.0',
          info: { title: 'Thing' },
          components: {
            schemas: {
              Other: { type: 'object' },
              Thing: {
                type: 'object',
                properties: { o: { $ref: '#/components/schemas/Other' }, n: { type: 'string', nullable: true } },
              },
            },
          },
        }),
      )!,
    );
    expect(out).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: 'Thing',
      definitions: { Other: { type: 'object' } },
      type: 'object',
      properties: { o: { $ref: '#/definitions/Other' }, n: { type: 'string' } },
    });
    expect(openApiToDraft4('{"openapi":"3.0.0"}')).toBeUndefined();
    expect(openApiToDraft4('nope')).toBeUndefined();
  });
});
