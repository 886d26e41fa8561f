// Function code: each zip is stored once as a file named by its SHA-256 (kept apart from the metadata rows)
// and unpacked on first use into a directory the runtime workers load handlers from.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { LambdaErrors } from './errors.js';

export interface StoredCode {
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  sha256: string;
  size: number;
}

export class CodeStore {
  readonly root: string;
  private readonly temporary: boolean;

  constructor(storePath: string) {
    this.temporary = storePath === ':memory:';
    // In-memory atoll keeps code in a temporary directory: the same code path, nothing left in the state dir.
    this.root =
      storePath === ':memory:'
        ? mkdtempSync(path.join(os.tmpdir(), 'atoll-lambda-'))
        : path.join(path.dirname(storePath), 'lambda');
    mkdirSync(path.join(this.root, 'code'), { recursive: true });
    mkdirSync(path.join(this.root, 'unzipped'), { recursive: true });
  }

  /** Validates and durably writes a zip (before the metadata that names it commits). */
  save(zip: Uint8Array): StoredCode {
    try {
      unzipSync(zip, { filter: () => false });
    } catch {
      throw LambdaErrors.invalidParameter(
        'Could not unzip uploaded file. Please check your file, then try to upload again.',
      );
    }
    const digest = createHash('sha256').update(zip).digest();
    const file = this.zipPath(digest.toString('base64'));
    if (!existsSync(file)) {
      const tmp = `${file}.${process.pid}.tmp`;
      const fd = openSync(tmp, 'w');
      try {
        writeSync(fd, zip);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    }
    return { sha256: digest.toString('base64'), size: zip.length };
  }

  /** Removes the temporary code directory of an in-memory atoll (on-disk code stays with the state). */
  dispose(): void {
    if (this.temporary) rmSync(this.root, { recursive: true, force: true });
  }

  zipPath(sha256: string): string {
    return path.join(this.root, 'code', `${hex(sha256)}.zip`);
  }

  read(hexName: string): Buffer | undefined {
    if (!/^[0-9a-f]{64}$/.test(hexName)) return undefined;
    const file = path.join(this.root, 'code', `${hexName}.zip`);
    return existsSync(file) ? readFileSync(file) : undefined;
  }

  /** The unpacked code directory of a zip, unpacking it on first use. */
  unpacked(sha256: string): string {
    const dir = path.join(this.root, 'unzipped', hex(sha256));
    if (existsSync(dir)) return dir;
    const files = unzipSync(readFileSync(this.zipPath(sha256)));
    const tmp = `${dir}.${process.pid}.${Date.now()}.tmp`;
    mkdirSync(tmp, { recursive: true });
    for (const [name, data] of Object.entries(files)) {
      const target = path.resolve(tmp, name);
      // Entries that would land outside the code directory (zip slip) are skipped.
      if (!target.startsWith(tmp + path.sep)) continue;
      if (name.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another unpack won the race
    }
    return dir;
  }
}

export function hex(sha256b64: string): string {
  return Buffer.from(sha256b64, 'base64').toString('hex');
}
