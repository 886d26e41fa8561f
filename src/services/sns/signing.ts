// Message signatures (SignatureVersion 1: SHA1withRSA over AWS's canonical string). The key pair and its
// certificate are generated once and persisted, so signatures stay verifiable across restarts.
import { createPrivateKey, createPublicKey, createSign, generateKeyPairSync } from 'node:crypto';
import type { SnsStore } from './store.js';
import { selfSignedCertificate } from './certificate.js';

/** Fields a signed message carries, in the order AWS's canonical string lists them. */
const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

export const CERT_PATH = 'SimpleNotificationService.pem';

export class Signer {
  private key: { privateKey: string; certificate: string } | undefined;

  constructor(
    private readonly store: SnsStore,
    private readonly now: () => number,
  ) {}

  /** Drops the cached key (after a reset wiped the table). */
  forget(): void {
    this.key = undefined;
  }

  private load(): { privateKey: string; certificate: string } {
    if (this.key) return this.key;
    let row = this.store.signingKey();
    if (!row) {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const cert = selfSignedCertificate(pair.privateKey, pair.publicKey, 'sns.amazonaws.com', new Date(this.now()));
      this.store.putSigningKey(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert);
      row = this.store.signingKey()!;
    }
    this.key = { privateKey: row.private_key, certificate: row.certificate };
    return this.key;
  }

  certificate(): string {
    return this.load().certificate;
  }

  publicKeyPem(): string {
    return createPublicKey(createPrivateKey(this.load().privateKey)).export({ type: 'spki', format: 'pem' }).toString();
  }

  /** Base64 SHA1withRSA signature of the message's canonical string. */
  sign(message: Record<string, string | undefined>): string {
    const keys = message.Type === 'Notification' ? NOTIFICATION_KEYS : CONFIRMATION_KEYS;
    let canonical = '';
    for (const k of keys) {
      const v = message[k];
      if (v !== undefined) canonical += `${k}\n${v}\n`;
    }
    return createSign('RSA-SHA1').update(canonical, 'utf8').sign(this.load().privateKey, 'base64');
  }
}
