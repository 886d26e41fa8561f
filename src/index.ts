// Public API for embedding atoll in a test suite: `const { endpoint, stop } = await startAtoll()`.
export { startAtoll, VERSION, type AtollInstance, type StartOptions } from './atoll.js';
export type { AtollConfig } from './config.js';
