/** Pattern engines: EventBridge event patterns and SNS filter policies, sharing one operator implementation. */
export * from './eventbridge/index.js';
export * from './sns/index.js';
