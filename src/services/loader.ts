// Loads services on first use. atoll starts with only the core and each service's metadata (for routing);
// a service's model shapes, code and migrations load when a request, an in-process call or a pending durable
// job first needs it. Start-up time and idle memory then do not grow with the number of services.
import type { ServiceMeta } from '../protocol/model.js';
import type { Store } from '../store/store.js';
import type { CoreServices, ServiceDefinition, ServiceInstance } from './types.js';

export interface ServiceEntry {
  name: string;
  meta: ServiceMeta;
  /** Services whose tables or instances this one needs loaded first. */
  dependsOn?: readonly string[];
  load(): Promise<ServiceDefinition>;
}

export interface LoadedService {
  def: ServiceDefinition;
  instance: ServiceInstance;
}

export class ServiceLoader {
  private readonly entries = new Map<string, ServiceEntry>();
  private readonly loaded = new Map<string, LoadedService>();
  private readonly loading = new Map<string, Promise<LoadedService>>();
  private readonly byArnNamespace = new Map<string, string>();

  constructor(
    entries: readonly ServiceEntry[],
    private readonly store: Store,
    private readonly core: () => CoreServices,
  ) {
    for (const e of entries) {
      this.entries.set(e.name, e);
      if (!this.byArnNamespace.has(e.meta.arnNamespace)) this.byArnNamespace.set(e.meta.arnNamespace, e.name);
    }
  }

  /** Whether this build of atoll serves the service (loaded or not). */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The service if already loaded (synchronous callers: authorizer lookups, health). */
  get(name: string): LoadedService | undefined {
    return this.loaded.get(name);
  }

  /** The service owning ARNs of an ARN namespace (`states` → stepfunctions). */
  ownerOfArnNamespace(ns: string): string | undefined {
    return this.byArnNamespace.get(ns);
  }

  all(): ServiceEntry[] {
    return [...this.entries.values()];
  }

  load(name: string): Promise<LoadedService> {
    const done = this.loaded.get(name);
    if (done) return Promise.resolve(done);
    let p = this.loading.get(name);
    if (!p) {
      p = this.doLoad(name);
      this.loading.set(name, p);
      // A failed load may be retried by the next caller.
      p.catch(() => this.loading.delete(name));
    }
    return p;
  }

  private async doLoad(name: string): Promise<LoadedService> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`atoll has no service ${name}`);
    for (const dep of entry.dependsOn ?? []) await this.load(dep);
    const def = await entry.load();
    const again = this.loaded.get(name);
    if (again) return again;
    this.store.migrate(def.migrations);
    const loaded = { def, instance: def.create(this.core()) };
    this.loaded.set(name, loaded);
    return loaded;
  }

  /** Loads the services that own durable jobs still pending from an earlier run (kinds are `<service>.<job>`). */
  async loadForPendingJobs(): Promise<void> {
    const rows = this.store.db.prepare(`SELECT DISTINCT kind FROM _jobs`).all() as Array<{ kind: string }>;
    const names = new Set(rows.map((r) => r.kind.split('.')[0]!).filter((n) => this.entries.has(n)));
    for (const n of names) await this.load(n);
  }

  close(): void {
    for (const s of this.loaded.values()) s.instance.close?.();
  }
}
