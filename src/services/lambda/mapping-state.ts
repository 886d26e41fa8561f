// The life cycle every event source mapping shares, applied by its poll job: Creating/Enabling/Updating settle
// to Enabled (or Disabled when the mapping is disabled), Disabling to Disabled, Deleting removes the mapping.
// Pollers patch the stored configuration by re-reading it in the same transaction, so a concurrent Update is
// never overwritten by a stale copy.
import type { LambdaService } from './service.js';
import type { StoredMapping } from './store.js';

/** Applies a pending state transition; returns the mapping when it is Enabled and should poll now. */
export function settle(svc: LambdaService, uuid: string): StoredMapping | undefined {
  const m = svc.store.getMapping(uuid);
  if (!m) return undefined;
  const state = m.config.State as string;
  if (state === 'Deleting') {
    svc.tx(() => svc.store.deleteMapping(uuid));
    return undefined;
  }
  if (state === 'Creating' || state === 'Enabling' || state === 'Disabling' || state === 'Updating') {
    const enabled = m.config.Enabled !== false;
    const next = patchMapping(svc, uuid, { State: enabled ? 'Enabled' : 'Disabled' });
    return enabled ? next : undefined;
  }
  return state === 'Enabled' ? m : undefined;
}

/** True while a user change waits for the poll job to apply it. */
export function transitional(m: StoredMapping): boolean {
  return m.config.State !== 'Enabled' && m.config.State !== 'Disabled';
}

export function patchMapping(
  svc: LambdaService,
  uuid: string,
  patch: Record<string, unknown>,
): StoredMapping | undefined {
  return svc.tx(() => {
    const m = svc.store.getMapping(uuid);
    if (!m) return undefined;
    if (Object.entries(patch).every(([k, v]) => m.config[k] === v)) return m;
    m.config = { ...m.config, ...patch };
    svc.store.putMapping(m);
    return m;
  });
}
