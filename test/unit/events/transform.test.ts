import { describe, expect, it } from 'vitest';
import { jsonPath, renderTemplate, targetInput } from '../../../src/services/events/transform.js';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING', tags: [{ k: 'a' }, { k: 'b' }] },
};
const ctx = {
  event,
  eventJson: JSON.stringify(event),
  ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/example',
  ruleName: 'example',
  ingestionTime: 0,
};
const paths = { instance: '$.detail.instance-id', state: '$.detail.state' };

describe('JSONPath subset', () => {
  it('follows dots, indices and wildcards', () => {
    expect(jsonPath(event, '$.detail.state')).toBe('RUNNING');
    expect(jsonPath(event, '$.resources[0]')).toBe(event.resources[0]);
    expect(jsonPath(event, '$.detail.tags[*].k')).toEqual(['a', 'b']);
    expect(jsonPath(event, '$.detail.missing')).toBeUndefined();
    expect(jsonPath(event, '$')).toBe(event);
  });
});

describe('input templates', () => {
  it('fills plain-text and quoted-string templates', () => {
    expect(renderTemplate('<instance> is in state <state>', paths, ctx)).toBe('i-0123456789 is in state RUNNING');
    expect(renderTemplate('"<instance> is in state <state>"', paths, ctx)).toBe('"i-0123456789 is in state RUNNING"');
    expect(renderTemplate('"<aws.events.rule-name> triggered"', {}, ctx)).toBe('"example triggered"');
  });

  it('inserts JSON values outside quotes and escaped text inside them', () => {
    const out = renderTemplate(
      '{"instance": <instance>, "state": [9, <state>, true], "msg": "<instance> is \\"<state>\\"", "rule": <aws.events.rule-arn>}',
      paths,
      ctx,
    );
    expect(JSON.parse(out)).toEqual({
      instance: 'i-0123456789',
      state: [9, 'RUNNING', true],
      msg: 'i-0123456789 is "RUNNING"',
      rule: ctx.ruleArn,
    });
  });

  it('inserts the original event with and without detail', () => {
    const out = JSON.parse(renderTemplate('{"e": <aws.events.event>, "j": <aws.events.event.json>}', {}, ctx)) as {
      e: Record<string, unknown>;
      j: Record<string, unknown>;
    };
    expect(out.e.detail).toBeUndefined();
    expect(out.e.id).toBe('e-1');
    expect(out.j).toEqual(event);
  });

  it('chooses Input, InputPath or the whole event', () => {
    expect(targetInput({ Id: 'a', Arn: 'x', Input: '{"c":1}' }, ctx)).toBe('{"c":1}');
    expect(targetInput({ Id: 'a', Arn: 'x', InputPath: '$.detail.state' }, ctx)).toBe('"RUNNING"');
    expect(targetInput({ Id: 'a', Arn: 'x' }, ctx)).toBe(ctx.eventJson);
  });
});
