export { PatternError, compileEventPattern, matches, type CompiledPattern } from './pattern.js';
export {
  EventValidationError,
  REQUIRED_TEST_EVENT_FIELDS,
  testEventPattern,
  validateEventForTest,
} from './test-event.js';
