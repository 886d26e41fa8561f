// The pieces every handler module of the service receives.
import type { DdbService } from './service.js';
import type { ItemWriter } from './rows.js';
import type { StreamWriter } from './streams.js';
import type { TtlSweeper } from './ttl.js';

export interface Ddb {
  svc: DdbService;
  writer: ItemWriter;
  streams: StreamWriter;
  ttl: TtlSweeper;
}
