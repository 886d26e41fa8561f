// AWS KMS API shapes as handlers see them: the generator's types.
export type { Operations } from '../../../generated/kms/types.js';
export type * from '../../../generated/kms/types.js';
