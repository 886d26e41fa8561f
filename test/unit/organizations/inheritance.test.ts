// Effective management policies: @@assign, @@append, @@remove and child control across levels.
import { describe, expect, it } from 'vitest';
import { effectivePolicy } from '../../../src/services/organizations/inheritance.js';

const doc = (v: unknown) => JSON.stringify(v);

describe('effectivePolicy', () => {
  it('returns undefined when nothing is attached', () => {
    expect(effectivePolicy([[], [], []])).toBeUndefined();
  });

  it('assigns, appends and removes down the tree', () => {
    const root = doc({
      tags: {
        costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100', '200'] } },
      },
    });
    const ou = doc({ tags: { costcenter: { tag_value: { '@@append': ['300'] } } } });
    const account = doc({ tags: { costcenter: { tag_value: { '@@remove': ['100'] } } } });
    expect(effectivePolicy([[root], [ou], [account]])).toEqual({
      tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['200', '300'] } },
    });
  });

  it('a lower @@assign replaces inherited values', () => {
    const root = doc({ tags: { project: { tag_value: { '@@assign': ['a', 'b'] } } } });
    const ou = doc({ tags: { project: { tag_value: { '@@assign': ['c'] } } } });
    expect(effectivePolicy([[root], [ou]])).toEqual({ tags: { project: { tag_value: ['c'] } } });
  });

  it('child control limits what lower levels may change', () => {
    const root = doc({
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'CostCenter', '@@operators_allowed_for_child_policies': ['@@none'] },
          tag_value: { '@@assign': ['100'], '@@operators_allowed_for_child_policies': ['@@append'] },
        },
      },
    });
    const ou = doc({
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'costcenter' },
          tag_value: { '@@assign': ['999'], '@@append': ['200'] },
        },
      },
    });
    expect(effectivePolicy([[root], [ou]])).toEqual({
      tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] } },
    });
  });

  it('merges several policies of one level in attach order', () => {
    const a = doc({ tags: { env: { tag_value: { '@@assign': ['dev'] } } } });
    const b = doc({ tags: { owner: { tag_key: { '@@assign': 'Owner' } } } });
    expect(effectivePolicy([[a, b]])).toEqual({
      tags: { env: { tag_value: ['dev'] }, owner: { tag_key: 'Owner' } },
    });
  });
});
