// Lambda API shapes as handlers see them: the generator's types.
export type * from '../../../generated/lambda/types.js';
