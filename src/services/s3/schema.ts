// S3's tables. Buckets are global across accounts and regions (one namespace), objects hold one row per version;
// object bytes live in files (blobs.ts), referenced by `blob`.
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 's3/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE s3_buckets (
          name TEXT PRIMARY KEY,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          versioning TEXT
        );
        CREATE INDEX s3_buckets_account ON s3_buckets (account_id, name);
        -- Bucket sub-resources (policy, tagging, cors, lifecycle...) as the JSON of their API shape.
        CREATE TABLE s3_bucket_configs (
          bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (bucket, kind)
        );
        CREATE TABLE s3_objects (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          bucket TEXT NOT NULL REFERENCES s3_buckets(name),
          key TEXT NOT NULL,
          version_id TEXT NOT NULL,
          is_latest INTEGER NOT NULL,
          delete_marker INTEGER NOT NULL,
          size INTEGER NOT NULL,
          etag TEXT NOT NULL,
          last_modified INTEGER NOT NULL,
          blob TEXT,
          meta TEXT NOT NULL,
          UNIQUE (bucket, key, version_id)
        );
        CREATE INDEX s3_objects_latest ON s3_objects (bucket, is_latest, key);
        CREATE TABLE s3_uploads (
          upload_id TEXT PRIMARY KEY,
          bucket TEXT NOT NULL REFERENCES s3_buckets(name),
          key TEXT NOT NULL,
          initiated INTEGER NOT NULL,
          meta TEXT NOT NULL
        );
        CREATE INDEX s3_uploads_bucket ON s3_uploads (bucket, key, initiated);
        CREATE TABLE s3_parts (
          upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
          part_number INTEGER NOT NULL,
          size INTEGER NOT NULL,
          etag TEXT NOT NULL,
          last_modified INTEGER NOT NULL,
          blob TEXT NOT NULL,
          meta TEXT NOT NULL,
          PRIMARY KEY (upload_id, part_number)
        );
      `);
    },
  },
];
