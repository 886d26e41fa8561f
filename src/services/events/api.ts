// The generated EventBridge types, re-exported for the service's modules.
export type * from '../../../generated/events/types.js';
