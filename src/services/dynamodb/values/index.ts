export * from './types.js';
export * from './decimal.js';
export * from './compare.js';
export * from './size.js';
export * from './validate.js';
