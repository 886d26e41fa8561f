/** The validator's base: where diagnostics are collected. Checks are layered on top, one concern per file. */
import type { JsonObject } from '../json.js';
import type { Diagnostic } from '../validate.js';

export abstract class ValidatorBase {
  readonly diagnostics: Diagnostic[] = [];
  protected readonly topLanguage: 'JSONPath' | 'JSONata';

  constructor(protected readonly def: JsonObject) {
    this.topLanguage = def.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  }

  protected err(code: string, message: string, location?: string): void {
    this.diagnostics.push({ severity: 'ERROR', code, message, ...(location !== undefined ? { location } : {}) });
  }
  protected schema(message: string, location: string): void {
    this.err('SCHEMA_VALIDATION_FAILED', message, location);
  }

  protected target(t: unknown, names: string[], loc: string): void {
    if (typeof t !== 'string' || !names.includes(t)) {
      this.err('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${String(t)}`, loc);
    }
  }

  /** Implemented by the Validator (validate.ts); Map item processors recurse into it. */
  protected abstract container(c: JsonObject, prefix: string, inherited: 'JSONPath' | 'JSONata'): void;
}
