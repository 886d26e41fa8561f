// Distributed Map I/O through atoll's S3: ItemReader (s3:getObject as JSON / JSONL / CSV, s3:listObjectsV2) and
// ResultWriter (s3:putObject of manifest.json plus SUCCEEDED_n / FAILED_n / PENDING_n.json, or WriterConfig only).
import type { Readable } from 'node:stream';
import { AwsError } from '../../protocol/errors.js';
import { StreamBody } from '../../server/stream-body.js';
import type { Caller, CoreServices } from '../types.js';
import type { Effect, IterationRecord, JsonObject, JsonValue } from './asl/index.js';

type ReadEffect = Extract<Effect, { kind: 'readItems' }>;
type WriteEffect = Extract<Effect, { kind: 'writeResults' }>;
export type IoOutcome = { ok: true; value: JsonValue } | { ok: false; error: string; cause: string };

const READER_FAILED = 'States.ItemReaderFailed';
const WRITER_FAILED = 'States.ResultWriterFailed';
const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

const obj = (v: JsonValue | undefined): JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
const fail = (error: string, cause: string): IoOutcome => ({ ok: false, error, cause });

function describe(e: unknown): string {
  return e instanceof AwsError ? `${e.code}: ${e.message}` : String(e);
}

async function bodyText(body: unknown): Promise<string> {
  if (body instanceof StreamBody) {
    const chunks: Buffer[] = [];
    for await (const c of body.open() as Readable) chunks.push(Buffer.from(c as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  }
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return typeof body === 'string' ? body : '';
}

export async function readItems(core: CoreServices, e: ReadEffect, caller: Caller): Promise<IoOutcome> {
  if (!core.hasService('s3')) return fail(READER_FAILED, 'Amazon S3 is not running in this atoll.');
  const p = obj(e.parameters);
  const cfg = obj(e.readerConfig);
  const max = typeof cfg.MaxItems === 'number' && cfg.MaxItems > 0 ? cfg.MaxItems : Infinity;
  const action = e.resource.split(':').pop();
  try {
    if (action === 'listObjectsV2') {
      const items: JsonValue[] = [];
      let token: string | undefined;
      do {
        const input: Record<string, unknown> = { ...p, ...(token ? { ContinuationToken: token } : {}) };
        const out = await core.call<{
          Contents?: Array<{ Key: string; ETag?: string; LastModified?: Date; Size?: number; StorageClass?: string }>;
          NextContinuationToken?: string;
        }>('s3', 'ListObjectsV2', input, caller);
        for (const c of out.Contents ?? []) {
          items.push({
            Etag: c.ETag ?? '',
            Key: c.Key,
            LastModified: c.LastModified ? Math.floor(c.LastModified.getTime() / 1000) : 0,
            Size: c.Size ?? 0,
            StorageClass: c.StorageClass ?? 'STANDARD',
          });
        }
        token = out.NextContinuationToken;
      } while (token && items.length < max);
      return { ok: true, value: items.slice(0, max === Infinity ? undefined : max) };
    }
    if (action !== 'getObject') return fail(READER_FAILED, `Unsupported ItemReader resource '${e.resource}'.`);
    const out = await core.call<{ Body?: unknown }>('s3', 'GetObject', p, caller);
    const text = await bodyText(out.Body);
    const items = parseItems(text, cfg);
    if (!Array.isArray(items)) return fail(READER_FAILED, items);
    return { ok: true, value: items.slice(0, max === Infinity ? undefined : max) };
  } catch (err) {
    return fail(READER_FAILED, describe(err));
  }
}

/** The items of an S3 object, or the cause of a parse failure. */
function parseItems(text: string, cfg: JsonObject): JsonValue[] | string {
  const type = typeof cfg.InputType === 'string' ? cfg.InputType : 'JSON';
  if (type === 'JSON') {
    let v: JsonValue;
    try {
      v = JSON.parse(text) as JsonValue;
    } catch {
      return 'Attempting to map over non-iterable node.';
    }
    return Array.isArray(v) ? v : 'Attempting to map over non-iterable node.';
  }
  if (type === 'JSONL') {
    const out: JsonValue[] = [];
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line) as JsonValue);
      } catch {
        return `Unable to parse JSONL line: ${line.slice(0, 100)}`;
      }
    }
    return out;
  }
  if (type === 'CSV') {
    const delimiter = DELIMITERS[String(cfg.CSVDelimiter ?? 'COMMA')] ?? ',';
    const rows = parseCsv(text, delimiter);
    let headers: string[];
    if (cfg.CSVHeaderLocation === 'GIVEN') {
      if (!Array.isArray(cfg.CSVHeaders)) return 'CSVHeaders must be given when CSVHeaderLocation is GIVEN.';
      headers = cfg.CSVHeaders.map(String);
    } else headers = rows.shift() ?? [];
    return rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? ''])));
  }
  return `Unsupported InputType '${type}'.`;
}

/** RFC 4180 CSV: quoted fields may hold delimiters, quotes ("") and newlines. Blank lines are skipped. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let touched = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') {
      quoted = true;
      touched = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      touched = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (touched || field !== '') rows.push([...row, field]);
      row = [];
      field = '';
      touched = false;
    } else field += ch;
  }
  if (touched || field !== '') rows.push([...row, field]);
  return rows;
}

// ------------------------------------------------------------------------------------------------ ResultWriter

function recordJson(r: IterationRecord, e: WriteEffect, stateMachineArn: string): JsonObject {
  const base = e.mapRunArn?.split(':') ?? [];
  const childArn = `arn:${base[1]}:states:${base[3]}:${base[4]}:execution:${base[6] ?? ''}:${r.name}`;
  return {
    ExecutionArn: childArn,
    Input: JSON.stringify(r.input),
    InputDetails: { Included: true },
    Name: r.name,
    ...(r.output !== undefined ? { Output: JSON.stringify(r.output), OutputDetails: { Included: true } } : {}),
    ...(r.error !== undefined ? { Error: r.error } : {}),
    ...(r.cause !== undefined ? { Cause: r.cause } : {}),
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    RedriveStatusReason:
      r.status === 'SUCCEEDED' ? 'Execution is SUCCEEDED and cannot be redriven' : 'Execution is not redrivable',
    StartDate: r.startDate,
    StateMachineArn: stateMachineArn,
    Status: r.status,
    ...(r.stopDate ? { StopDate: r.stopDate } : {}),
  };
}

/** WriterConfig.Transformation applied to the child outputs (failed children keep their full record). */
function transform(recs: IterationRecord[], jsons: JsonObject[], e: WriteEffect): JsonValue[] {
  const t = obj(e.writerConfig).Transformation ?? (e.resource ? 'NONE' : 'COMPACT');
  if (t === 'NONE') return jsons;
  const out: JsonValue[] = [];
  recs.forEach((r, i) => {
    if (r.status !== 'SUCCEEDED') out.push(jsons[i] as JsonObject);
    else if (t === 'FLATTEN' && Array.isArray(r.output)) out.push(...r.output);
    else out.push(r.output ?? null);
  });
  return out;
}

export async function writeResults(
  core: CoreServices,
  e: WriteEffect,
  caller: Caller,
  stateMachineArn: string,
): Promise<IoOutcome> {
  const records = (e.records ?? []).map((r) => recordJson(r, e, stateMachineArn));
  if (!e.resource) return { ok: true, value: e.records ? transform(e.records, records, e) : e.results };
  if (!e.resource.endsWith(':putObject')) return fail(WRITER_FAILED, `Unsupported ResultWriter '${e.resource}'.`);
  if (!core.hasService('s3')) return fail(WRITER_FAILED, 'Amazon S3 is not running in this atoll.');
  const p = obj(e.parameters);
  const bucket = String(p.Bucket ?? '');
  const prefix = typeof p.Prefix === 'string' && p.Prefix !== '' ? p.Prefix.replace(/\/+$/, '') + '/' : '';
  const runId = (e.mapRunArn ?? '').split(':').pop() ?? '';
  const jsonl = obj(e.writerConfig).OutputType === 'JSONL';
  const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', JsonValue[]> = { SUCCEEDED: [], FAILED: [], PENDING: [] };
  const groups: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', JsonValue[]> = { SUCCEEDED: [], FAILED: [], PENDING: [] };
  const recs = e.records ?? [];
  const ok = recs.map((r, i) => [r, records[i] as JsonObject] as const).filter(([r]) => r.status === 'SUCCEEDED');
  groups.SUCCEEDED = transform(
    ok.map(([r]) => r),
    ok.map(([, j]) => j),
    e,
  );
  recs.forEach((r, i) => {
    if (r.status === 'FAILED' || r.status === 'ABORTED') groups.FAILED.push(records[i] as JsonObject);
    if (r.status === 'RUNNING') groups.PENDING.push(records[i] as JsonObject);
  });
  try {
    const put = (key: string, body: string) =>
      core.call('s3', 'PutObject', { Bucket: bucket, Key: key, Body: Buffer.from(body) }, caller);
    for (const g of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
      if (groups[g].length === 0) continue;
      const key = `${prefix}${runId}/${g}_0.json`;
      const body = jsonl ? groups[g].map((v) => JSON.stringify(v)).join('\n') + '\n' : JSON.stringify(groups[g]);
      await put(key, body);
      files[g].push({ Key: key, Size: Buffer.byteLength(body) });
    }
    const manifestKey = `${prefix}${runId}/manifest.json`;
    await put(
      manifestKey,
      JSON.stringify({ DestinationBucket: bucket, MapRunArn: e.mapRunArn ?? '', ResultFiles: files }),
    );
    return {
      ok: true,
      value: { MapRunArn: e.mapRunArn ?? '', ResultWriterDetails: { Bucket: bucket, Key: manifestKey } },
    };
  } catch (err) {
    return fail(WRITER_FAILED, describe(err));
  }
}
