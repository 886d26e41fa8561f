// Step Functions API shapes as handlers see them (the generator's types).
export type {
  Operations,
  Tag,
  LoggingConfiguration,
  TracingConfiguration,
  EncryptionConfiguration,
} from '../../../generated/stepfunctions/types.js';
