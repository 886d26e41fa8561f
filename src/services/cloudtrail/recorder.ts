// The pipeline's CloudTrail recorder: plug `createCloudTrailRecorder(core)` into atoll's recorders. It accepts
// today's AuditEntry and the richer CloudTrailEntry (entry.ts) alike; call close() on shutdown, before the store
// closes, to write what is still buffered.
import type { AuditEntry } from '../../server/pipeline.js';
import type { CoreServices } from '../types.js';
import { fromAuditEntry, type CloudTrailEntry } from './entry.js';
import { cloudTrailFor } from './state.js';

export interface CloudTrailRecorder {
  (entry: AuditEntry | (AuditEntry & Partial<CloudTrailEntry>)): void;
  /** Writes the buffered records now. */
  flush(): void;
  /** Writes the buffered records and stops recording. */
  close(): void;
}

export function createCloudTrailRecorder(core: CoreServices): CloudTrailRecorder {
  const state = cloudTrailFor(core);
  const recorder = ((entry: AuditEntry & Partial<CloudTrailEntry>) => {
    try {
      state.record(fromAuditEntry(entry));
    } catch {
      // Auditing never fails the request it records.
    }
  }) as CloudTrailRecorder;
  recorder.flush = () => state.flush();
  recorder.close = () => state.close();
  return recorder;
}
