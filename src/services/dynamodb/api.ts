export type { Operations } from '../../../generated/dynamodb/types.js';
