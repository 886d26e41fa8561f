// The pieces every handler module of the service receives.
import type { DdbService } from './service.js';
import type { ItemWriter } from './rows.js';
import type { StreamWriter } from './streams.js';
import type { TtlSweeper } from './ttl.js';
import type { PitrLog } from './pitr.js';
import type { Replicator } from './replication.js';

export interface Ddb {
  svc: DdbService;
  writer: ItemWriter;
  streams: StreamWriter;
  ttl: TtlSweeper;
  pitr: PitrLog;
  replicator: Replicator;
}
