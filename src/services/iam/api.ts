// The IAM operations table type, re-exported for the handler modules.
export type { Operations } from '../../../generated/iam/types.js';
import type { Operations } from '../../../generated/iam/types.js';
import type { HandlerTable } from '../types.js';

export type Handlers = Partial<HandlerTable<Operations>>;
