// Point-in-time recovery. While PITR is on, every change to the table logs its before-image (or, for a new item,
// the item itself, to know its key) in the same transaction. A restore to time T starts from the current items and
// undoes the logged changes newer than T, newest first; so the log only needs the recovery period, not a base copy.
import type { HandlerTable, RequestContext } from '../types.js';
import type { ContinuousBackupsDescription } from '../../../generated/dynamodb/types.js';
import type { Operations } from './api.js';
import { AwsError } from '../../protocol/errors.js';
import type { Item } from './values/types.js';
import { DdbErrors } from './errors.js';
import { BackupStore } from './backup-store.js';
import { restoreTable, tableNotFound } from './restore.js';
import { describeTable } from './describe.js';
import { rowKey } from './rows.js';
import type { TableInfo, TableMeta } from './table.js';
import type { DdbService } from './service.js';
import type { Ddb } from './parts.js';

type H = Pick<
  HandlerTable<Operations>,
  'UpdateContinuousBackups' | 'DescribeContinuousBackups' | 'RestoreTableToPointInTime'
>;

const DAY_MS = 86_400_000;
const NS = 'com.amazonaws.dynamodb.v20120810';
const err = (code: string, message: string) => new AwsError(code, message, { status: 400, jsonNamespace: NS });

/** The change log writer, called by the item write path inside its transaction. */
export class PitrLog {
  readonly store: BackupStore;
  private writes = 0;

  constructor(private readonly svc: DdbService) {
    this.store = new BackupStore(svc.core.store.db);
  }

  record(table: TableInfo, oldItem: Item | undefined, newItem: Item | undefined): void {
    const p = table.meta.pitr;
    if (!p?.enabled) return;
    const now = this.svc.now();
    this.store.logChange(
      table.id,
      now,
      oldItem ? JSON.stringify(oldItem) : null,
      oldItem ? null : JSON.stringify(newItem),
    );
    // Changes older than the recovery period can never be undone by a restore; trim now and then.
    if (++this.writes % 1000 === 0) this.store.pruneLog(table.id, now - (p.periodDays ?? 35) * DAY_MS);
  }

  window(meta: TableMeta): { earliest: number; latest: number } | undefined {
    const p = meta.pitr;
    if (!p?.enabled) return undefined;
    const now = this.svc.now();
    return { earliest: Math.max(p.since ?? now, now - (p.periodDays ?? 35) * DAY_MS), latest: now };
  }
}

function describe(pitr: PitrLog, meta: TableMeta): ContinuousBackupsDescription {
  const w = pitr.window(meta);
  return {
    ContinuousBackupsStatus: 'ENABLED',
    PointInTimeRecoveryDescription: w
      ? {
          PointInTimeRecoveryStatus: 'ENABLED',
          RecoveryPeriodInDays: meta.pitr?.periodDays ?? 35,
          EarliestRestorableDateTime: new Date(w.earliest),
          LatestRestorableDateTime: new Date(w.latest),
        }
      : { PointInTimeRecoveryStatus: 'DISABLED' },
  };
}

export function pitrHandlers(d: Ddb, pitr: PitrLog): H {
  const { svc } = d;
  const table = (name: string, ctx: RequestContext) => {
    const t = svc.lookup(svc.ref(name, ctx));
    if (!t) throw tableNotFound(name);
    return t;
  };

  return {
    DescribeContinuousBackups(input, ctx) {
      return { ContinuousBackupsDescription: describe(pitr, table(input.TableName, ctx).meta) };
    },

    UpdateContinuousBackups(input, ctx) {
      const t = table(input.TableName, ctx);
      const spec = input.PointInTimeRecoverySpecification;
      const was = t.meta.pitr;
      const meta: TableMeta = structuredClone(t.meta);
      if (spec.PointInTimeRecoveryEnabled) {
        meta.pitr = {
          enabled: true,
          since: was?.enabled ? (was.since ?? svc.now()) : svc.now(),
          periodDays: spec.RecoveryPeriodInDays ?? was?.periodDays ?? 35,
        };
      } else {
        if (spec.RecoveryPeriodInDays !== undefined) {
          throw DdbErrors.validation(
            'RecoveryPeriodInDays can only be specified when PointInTimeRecoveryEnabled is true',
          );
        }
        meta.pitr = { enabled: false };
      }
      const saved = svc.tx(() => {
        if (!spec.PointInTimeRecoveryEnabled) pitr.store.dropLog(t.id);
        return svc.saveMeta(t, meta);
      });
      return { ContinuousBackupsDescription: describe(pitr, saved.meta) };
    },

    RestoreTableToPointInTime(input, ctx) {
      const name = input.SourceTableArn ?? input.SourceTableName;
      if (name === undefined) {
        throw DdbErrors.validation('Either SourceTableArn or SourceTableName must be specified');
      }
      const src = table(name, ctx);
      const w = pitr.window(src.meta);
      if (!w)
        throw err(
          'PointInTimeRecoveryUnavailableException',
          `Point in time recovery is not enabled for table '${src.name}'`,
        );
      if (input.UseLatestRestorableTime && input.RestoreDateTime) {
        throw DdbErrors.validation('Only one of RestoreDateTime or UseLatestRestorableTime can be specified');
      }
      const at = input.UseLatestRestorableTime || !input.RestoreDateTime ? w.latest : input.RestoreDateTime.getTime();
      if (at < w.earliest || at > w.latest) {
        throw err(
          'InvalidRestoreTimeException',
          `Restore time must be between ${new Date(w.earliest).toISOString()} and ${new Date(w.latest).toISOString()}`,
        );
      }
      const items = svc.tx(() => {
        const byKey = new Map<string, Item>();
        const keyOf = (item: Item) => {
          const k = rowKey(src.keys, item)!;
          return `${k.pk.toString('hex')}/${k.sk.toString('hex')}`;
        };
        for (const json of svc.store.baseItems(src.id)) {
          const item = JSON.parse(json) as Item;
          byKey.set(keyOf(item), item);
        }
        for (const c of pitr.store.changesAfter(src.id, at)) {
          if (c.old_item !== null) {
            const old = JSON.parse(c.old_item) as Item;
            byKey.set(keyOf(old), old);
          } else if (c.new_item !== null) byKey.delete(keyOf(JSON.parse(c.new_item) as Item));
        }
        return [...byKey.values()];
      });
      const t = restoreTable(d, ctx, input.TargetTableName, src.meta, input, items, {
        sourceTableArn: src.meta.arn,
        at,
      });
      return { TableDescription: describeTable(svc, t, { status: 'CREATING' }) };
    },
  };
}
