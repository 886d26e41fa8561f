/**
 * EventBridge event patterns: PutRule / TestEventPattern validation and matching.
 */
import { compile } from '../compile.js';
import { CompileError } from '../errors.js';
import { type Branch } from '../matchers.js';
import { matchBranches } from '../match.js';
import { EVENTBRIDGE_LIMITS } from '../numbers.js';

/** AWS's InvalidEventPatternException; `message` is the full text AWS returns. */
export class PatternError extends Error {
  readonly code = 'InvalidEventPatternException';
  constructor(
    /** The text after "Reason: ", including any parser position suffix. */
    readonly reason: string,
  ) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.name = 'PatternError';
  }
}

export interface CompiledPattern {
  readonly source: string;
  readonly branches: readonly Branch[];
}

const DIALECT = { limits: EVENTBRIDGE_LIMITS, unsupported: new Set<string>() };

/**
 * A wildcard operand with many stars makes AWS's matcher too expensive and it refuses the rule. AWS computes this
 * from its state machine; more than five stars in one operand is our approximation of where it gives up.
 */
const MAX_WILDCARD_STARS = 5;

export function compileEventPattern(json: string): CompiledPattern {
  try {
    const compiled = compile(json, DIALECT);
    if (compiled.wildcardStars.some((n) => n > MAX_WILDCARD_STARS)) {
      throw new CompileError(
        'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
      );
    }
    return { source: json, branches: compiled.branches };
  } catch (e) {
    if (e instanceof CompileError) throw new PatternError(e.message);
    throw e;
  }
}

/** Whether `event` (a parsed JSON value) matches the pattern. */
export function matches(pattern: CompiledPattern, event: unknown): boolean {
  return matchBranches(pattern.branches, event, EVENTBRIDGE_LIMITS);
}
