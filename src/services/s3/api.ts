// S3's generated API types and the handler table shape its handler groups fill.
import type { HandlerTable } from '../types.js';
import type { Operations } from '../../../generated/s3/types.js';

export type { Operations };
export type Handlers = HandlerTable<Operations>;
