// Incremental checksums S3 computes over object bytes: MD5 (ETag) plus the flexible checksums
// (CRC32, CRC32C, SHA1, SHA256, CRC64NVME), each returned base64 as `x-amz-checksum-*`.
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32c(data: Uint8Array, prev: number): number {
  let c = ~prev >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

// CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones), kept as two 32-bit halves so
// the per-byte loop stays in small integers.
const CRC64_HI = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0;
  let lo = i;
  for (let k = 0; k < 8; k++) {
    const bit = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (bit) {
      hi = (hi ^ 0x9a6c9329) >>> 0;
      lo = (lo ^ 0xac4bc9b5) >>> 0;
    }
  }
  CRC64_HI[i] = hi;
  CRC64_LO[i] = lo;
}

/** Continues a CRC-64/NVME over `data`; state is [hi, lo] of the running (pre-xorout) register. */
function crc64nvme(data: Uint8Array, state: [number, number]): void {
  let [hi, lo] = state;
  for (let i = 0; i < data.length; i++) {
    const idx = (lo ^ data[i]!) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ CRC64_LO[idx]!) >>> 0;
    hi = ((hi >>> 8) ^ CRC64_HI[idx]!) >>> 0;
  }
  state[0] = hi;
  state[1] = lo;
}

function u32(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
}

/** One pass over the bytes computes the MD5 and whichever flexible checksums are asked for. */
export class Digests {
  private readonly md5 = createHash('md5');
  private readonly hashes = new Map<ChecksumAlgorithm, Hash>();
  private crc32?: number;
  private crc32c?: number;
  private crc64?: [number, number];
  size = 0;

  constructor(algorithms: Iterable<ChecksumAlgorithm>) {
    for (const a of algorithms) {
      if (a === 'CRC32') this.crc32 = 0;
      else if (a === 'CRC32C') this.crc32c = 0;
      else if (a === 'CRC64NVME') this.crc64 = [0xffffffff, 0xffffffff];
      else this.hashes.set(a, createHash(a === 'SHA1' ? 'sha1' : 'sha256'));
    }
  }

  update(chunk: Buffer): void {
    this.size += chunk.length;
    this.md5.update(chunk);
    if (this.crc32 !== undefined) this.crc32 = crc32(chunk, this.crc32);
    if (this.crc32c !== undefined) this.crc32c = crc32c(chunk, this.crc32c);
    if (this.crc64) crc64nvme(chunk, this.crc64);
    for (const h of this.hashes.values()) h.update(chunk);
  }

  /** md5 hex, and the checksums base64 by algorithm. */
  finish(): { md5: string; checksums: Record<string, string> } {
    const checksums: Record<string, string> = {};
    if (this.crc32 !== undefined) checksums.CRC32 = u32(this.crc32);
    if (this.crc32c !== undefined) checksums.CRC32C = u32(this.crc32c);
    if (this.crc64) {
      const b = Buffer.alloc(8);
      b.writeUInt32BE(~this.crc64[0] >>> 0, 0);
      b.writeUInt32BE(~this.crc64[1] >>> 0, 4);
      checksums.CRC64NVME = b.toString('base64');
    }
    for (const [a, h] of this.hashes) checksums[a] = h.digest('base64');
    return { md5: this.md5.digest('hex'), checksums };
  }
}

/** The algorithm a checksum header or trailer names (`x-amz-checksum-crc32` → CRC32). */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const a = name
    .toLowerCase()
    .replace(/^x-amz-checksum-/, '')
    .toUpperCase();
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(a) ? (a as ChecksumAlgorithm) : undefined;
}
