// Raised by the filter-pattern parser; handlers turn it into InvalidParameterException.
export class FilterPatternError extends Error {
  constructor(detail: string) {
    super(`Invalid filter pattern: ${detail}`);
    this.name = 'FilterPatternError';
  }
}
