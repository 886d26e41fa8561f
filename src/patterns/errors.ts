/**
 * A pattern/policy compile failure, carried up to the service wrappers (EventBridge, SNS), which add their own
 * prefixes. AWS's engine reports most failures from inside its streaming JSON parser, so `location` is the parser's
 * " at [Source: ...]" suffix; failures raised after parsing (CIDR, complexity) have none.
 */
export class CompileError extends Error {
  constructor(
    public readonly reason: string,
    public readonly location = '',
  ) {
    super(reason + location);
  }

  /** AWS repeats the location when an error is re-raised from inside an anything-but list; keep that shape. */
  rewrapped(): CompileError {
    return new CompileError(this.reason + this.location, this.location);
  }
}
