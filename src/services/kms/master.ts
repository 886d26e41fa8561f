// Key material at rest: every KMS key's material is wrapped (AES-256-GCM) under a master key kept in a file next to
// the database (`<stateDir>/kms-master.key`, mode 0600), so the database alone does not reveal it. Losing the file
// makes every stored key unusable; an in-memory atoll uses a master key that lives as long as the process.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const FILE = 'kms-master.key';

export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  /** Loads (or creates, once) the master key of the store at `dbPath`; ':memory:' gets a process-lifetime key. */
  static forStore(dbPath: string): MasterKey {
    if (dbPath === ':memory:' || dbPath === '') return new MasterKey(randomBytes(32));
    const file = join(dirname(dbPath), FILE);
    if (!existsSync(file)) {
      try {
        // 'wx': two processes racing on a fresh state dir cannot overwrite each other's key.
        writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} is not a 32-byte base64 key`);
    return new MasterKey(key);
  }

  wrap(material: Buffer): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(material), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }

  unwrap(wrapped: Buffer): Buffer {
    const d = createDecipheriv('aes-256-gcm', this.key, wrapped.subarray(0, 12));
    d.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
  }
}
