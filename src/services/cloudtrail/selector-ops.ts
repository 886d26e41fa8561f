// Event selectors (basic or advanced) and Insights selectors of a trail: validated and stored; the recorder
// applies event selectors when it routes events to trails. Insights events themselves are not generated.
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable } from '../types.js';
import type { AdvancedEventSelector, EventSelector, Operations } from './api.js';
import { CloudTrailErrors } from './errors.js';
import { findTrail } from './names.js';
import { DEFAULT_SELECTORS } from './selectors.js';
import type { CloudTrailState } from './state.js';

type SelectorOps = 'PutEventSelectors' | 'GetEventSelectors' | 'PutInsightSelectors' | 'GetInsightSelectors';

const DATA_TYPES = new Set(['AWS::S3::Object', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table']);
const FIELDS = new Set([
  'eventCategory',
  'eventSource',
  'eventName',
  'eventType',
  'readOnly',
  'resources.type',
  'resources.ARN',
  'errorCode',
  'userIdentity.arn',
  'sessionCredentialFromConsole',
  'vpcEndpointId',
]);

function basic(selectors: EventSelector[]): EventSelector[] {
  const E = CloudTrailErrors.invalidEventSelectors;
  if (selectors.length > 5) throw E('You can specify up to 5 event selectors for a trail.');
  let values = 0;
  const out = selectors.map((s) => {
    for (const d of s.DataResources ?? []) {
      if (!d.Type || !DATA_TYPES.has(d.Type))
        throw E(`Value ${d.Type ?? ''} for parameter DataResources.Type is invalid.`);
      values += (d.Values ?? []).length;
    }
    return {
      ReadWriteType: s.ReadWriteType ?? 'All',
      IncludeManagementEvents: s.IncludeManagementEvents ?? true,
      DataResources: s.DataResources ?? [],
      ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
    };
  });
  if (values > 250) throw E('The total number of data resources in event selectors cannot exceed 250.');
  return out;
}

function advanced(selectors: AdvancedEventSelector[]): AdvancedEventSelector[] {
  const E = CloudTrailErrors.invalidEventSelectors;
  for (const s of selectors) {
    if (s.FieldSelectors.length === 0) throw E('Each advanced event selector must have at least one field selector.');
    for (const f of s.FieldSelectors) {
      if (!FIELDS.has(f.Field)) throw E(`Invalid field name ${f.Field} in advanced event selector.`);
    }
    if (!s.FieldSelectors.some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).length > 0)) {
      throw E('Each advanced event selector must include a field selector for eventCategory with the Equals operator.');
    }
  }
  return selectors;
}

export function selectorHandlers(state: CloudTrailState): Pick<HandlerTable<Operations>, SelectorOps> {
  return {
    PutEventSelectors(input, ctx) {
      const t = findTrail(state, input.TrailName, ctx, { home: true });
      const hasBasic = input.EventSelectors !== undefined;
      const hasAdvanced = input.AdvancedEventSelectors !== undefined;
      if (hasBasic === hasAdvanced) {
        throw CloudTrailErrors.invalidParameterCombination(
          'You must specify either EventSelectors or AdvancedEventSelectors, but not both.',
        );
      }
      const updated = { ...t };
      delete updated.eventSelectors;
      delete updated.advancedEventSelectors;
      if (hasBasic) updated.eventSelectors = basic(input.EventSelectors!);
      else updated.advancedEventSelectors = advanced(input.AdvancedEventSelectors!);
      state.saveTrail(updated);
      return hasBasic
        ? { TrailARN: t.arn, EventSelectors: updated.eventSelectors! }
        : { TrailARN: t.arn, AdvancedEventSelectors: updated.advancedEventSelectors! };
    },
    GetEventSelectors(input, ctx) {
      const t = findTrail(state, input.TrailName, ctx);
      if (t.advancedEventSelectors) return { TrailARN: t.arn, AdvancedEventSelectors: t.advancedEventSelectors };
      return { TrailARN: t.arn, EventSelectors: t.eventSelectors ?? DEFAULT_SELECTORS };
    },
    PutInsightSelectors(input, ctx) {
      if (input.EventDataStore !== undefined)
        throw CommonErrors.notImplemented('PutInsightSelectors (event data stores)');
      if (input.TrailName === undefined) {
        throw CloudTrailErrors.invalidParameterCombination('You must specify a TrailName or an EventDataStore.');
      }
      const t = findTrail(state, input.TrailName, ctx, { home: true });
      const types = new Set<string>();
      for (const s of input.InsightSelectors) {
        if (!s.InsightType) throw CloudTrailErrors.invalidInsightSelectors('InsightType is required.');
        if (types.has(s.InsightType)) {
          throw CloudTrailErrors.invalidInsightSelectors(`Duplicate InsightType ${s.InsightType}.`);
        }
        types.add(s.InsightType);
      }
      state.saveTrail({ ...t, insightSelectors: input.InsightSelectors });
      return { TrailARN: t.arn, InsightSelectors: input.InsightSelectors };
    },
    GetInsightSelectors(input, ctx) {
      if (input.EventDataStore !== undefined)
        throw CommonErrors.notImplemented('GetInsightSelectors (event data stores)');
      if (input.TrailName === undefined) {
        throw CloudTrailErrors.invalidParameterCombination('You must specify a TrailName or an EventDataStore.');
      }
      const t = findTrail(state, input.TrailName, ctx);
      if ((t.insightSelectors ?? []).length === 0) throw CloudTrailErrors.insightNotEnabled(t.arn);
      return { TrailARN: t.arn, InsightSelectors: t.insightSelectors! };
    },
  };
}
