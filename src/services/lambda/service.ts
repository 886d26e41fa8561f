// Shared state of one Lambda instance: store, code files, worker pool, and the lookups every handler module
// uses to resolve a FunctionName (+ Qualifier) to a version's configuration.
import type { CoreServices, RequestContext } from '../types.js';
import type { AliasConfiguration, FunctionConfiguration } from './api.js';
import { CodeStore } from './code.js';
import { LambdaErrors } from './errors.js';
import { functionArn, isVersion, LATEST, parseFunctionName, type FunctionRef } from './names.js';
import { WorkerPool } from './runtime/pool.js';
import { LambdaStore, type FunctionKey, type FunctionRow } from './store.js';

export interface Resolved {
  key: FunctionKey;
  row: FunctionRow;
  /** The version the qualifier names (an alias resolves to its primary version). */
  version: string;
  config: FunctionConfiguration;
  alias?: AliasConfiguration;
  /** The qualifier as given (alias name, version or undefined). */
  qualifier: string | undefined;
}

export class LambdaService {
  readonly store: LambdaStore;
  readonly code: CodeStore;
  readonly pool = new WorkerPool();

  constructor(readonly core: CoreServices) {
    this.store = new LambdaStore(core.store.db);
    this.code = new CodeStore(core.store.path);
    core.store.onReset(() => this.pool.close());
  }

  now(): number {
    return this.core.now();
  }

  tx<T>(fn: () => T): T {
    return this.core.store.tx(fn);
  }

  ref(name: string, ctx: RequestContext, qualifier?: string): FunctionRef {
    return parseFunctionName(name, ctx, qualifier);
  }

  /** The function row, or ResourceNotFoundException naming the ARN as given. */
  fn(ref: FunctionRef): FunctionRow {
    const row = this.store.getFunction(ref);
    if (!row) throw LambdaErrors.functionNotFound(functionArn(ref, ref.qualifier));
    return row;
  }

  /** The version a FunctionName/Qualifier names: $LATEST by default, a version number, or an alias. */
  resolve(ref: FunctionRef): Resolved {
    const row = this.fn(ref);
    const q = ref.qualifier;
    if (q === undefined || isVersion(q)) {
      const version = q ?? LATEST;
      const config = this.store.getVersion(ref, version);
      if (!config) throw LambdaErrors.functionNotFound(functionArn(ref, q));
      return { key: ref, row, version, config, qualifier: q };
    }
    const alias = this.store.getAlias(ref, q);
    if (!alias) throw LambdaErrors.functionNotFound(functionArn(ref, q));
    const config = this.store.getVersion(ref, alias.FunctionVersion!);
    if (!config) throw LambdaErrors.functionNotFound(functionArn(ref, q));
    return { key: ref, row, version: alias.FunctionVersion!, config, alias, qualifier: q };
  }
}

/** Lambda's LastModified format: 2024-01-31T12:00:00.000+0000. */
export function lastModified(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
