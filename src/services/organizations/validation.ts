// Organizations validates its own input: model violations answer InvalidInputException with a Reason, never the
// coral ValidationException.
import type { AwsError } from '../../protocol/errors.js';
import type { Violation } from '../../protocol/validate.js';
import { OrgErrors } from './errors.js';

export function formatValidation(violations: Violation[]): AwsError | undefined {
  const v = violations[0];
  if (!v) return undefined;
  const below = /greater than|at least/.test(v.constraint);
  switch (v.kind) {
    case 'required':
      return OrgErrors.invalidInput('INPUT_REQUIRED');
    case 'length':
      return OrgErrors.invalidInput(below ? 'MIN_LENGTH_EXCEEDED' : 'MAX_LENGTH_EXCEEDED');
    case 'range':
      return OrgErrors.invalidInput(below ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED');
    case 'pattern':
      return OrgErrors.invalidInput(v.path === 'TargetId' ? 'INVALID_PATTERN_TARGET_ID' : 'INVALID_PATTERN');
    case 'enum':
      return OrgErrors.invalidInput('INVALID_ENUM');
  }
}
