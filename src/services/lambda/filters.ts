// FilterCriteria of event source mappings: each filter's Pattern is an EventBridge event pattern matched against
// the record as the function would see it (an SQS body that is JSON is matched as JSON). A record is sent when
// any filter matches; a mapping without filters sends everything.
import { compileEventPattern, matches, PatternError, type CompiledPattern } from '../../patterns/eventbridge/index.js';
import type { FilterCriteria } from './api.js';
import { LambdaErrors } from './errors.js';

/** Compiles every filter, answering AWS's error for a pattern that is not a valid event pattern. */
export function compileFilters(criteria: FilterCriteria | undefined): CompiledPattern[] {
  return (criteria?.Filters ?? []).map((f) => {
    try {
      return compileEventPattern(f.Pattern ?? '');
    } catch (e) {
      if (e instanceof PatternError) throw LambdaErrors.invalidParameter('Invalid filter pattern definition.');
      throw e;
    }
  });
}

/** Filters compiled from a stored mapping's criteria (already validated when stored). */
export function storedFilters(criteria: unknown): CompiledPattern[] {
  const filters = (criteria as FilterCriteria | undefined)?.Filters ?? [];
  return filters.flatMap((f) => {
    try {
      return [compileEventPattern(f.Pattern ?? '')];
    } catch {
      return [];
    }
  });
}

export function passes(filters: CompiledPattern[], record: unknown): boolean {
  return filters.length === 0 || filters.some((f) => matches(f, record));
}

/** The SQS record as filters see it: a JSON body is matched as the parsed value. */
export function sqsFilterView(record: { body: string } & Record<string, unknown>): unknown {
  try {
    return { ...record, body: JSON.parse(record.body) as unknown };
  } catch {
    return record;
  }
}
