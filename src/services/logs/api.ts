// CloudWatch Logs API shapes as handlers see them: the generator's types.
export type { Operations } from '../../../generated/logs/types.js';
export type {
  FilteredLogEvent,
  LogGroup,
  LogStream,
  MetricFilter,
  OutputLogEvent,
  SubscriptionFilter,
} from '../../../generated/logs/types.js';
