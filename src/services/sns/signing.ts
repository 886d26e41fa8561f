// Message signatures (SignatureVersion 1: SHA1withRSA over AWS's canonical string). The key pair and its
// certificate are generated once and persisted, so signatures stay verifiable across restarts.
import {
  createPrivateKey,
  createPublicKey,
  createSign,
  generateKeyPair,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { SnsStore } from './store.js';
import { selfSignedCertificate } from './certificate.js';

/** Fields a signed message carries, in the order AWS's canonical string lists them. */
const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

export const CERT_PATH = 'SimpleNotificationService.pem';

export class Signer {
  private key: { privateKey: string; certificate: string } | undefined;
  /** The parsed private key: signing with the PEM text would re-parse it on every message (milliseconds each). */
  private keyObject: KeyObject | undefined;
  private generating: Promise<void> | undefined;

  constructor(
    private readonly store: SnsStore,
    private readonly now: () => number,
  ) {}

  /** Drops the cached key (after a reset wiped the table). */
  forget(): void {
    this.key = undefined;
    this.keyObject = undefined;
  }

  private load(): { privateKey: string; certificate: string } {
    if (this.key) return this.key;
    if (!this.store.signingKey()) this.keep(generateKeyPairSync('rsa', { modulusLength: 2048 }));
    const row = this.store.signingKey()!;
    this.key = { privateKey: row.private_key, certificate: row.certificate };
    return this.key;
  }

  private keep(pair: { privateKey: KeyObject; publicKey: KeyObject }): void {
    if (this.store.signingKey()) return; // another caller generated one meanwhile: the first one stays
    const cert = selfSignedCertificate(pair.privateKey, pair.publicKey, 'sns.amazonaws.com', new Date(this.now()));
    this.store.putSigningKey(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert);
  }

  /** Generates the first key pair on the thread pool (RSA key generation blocks for up to a second otherwise). */
  private async ready(): Promise<void> {
    if (this.key || this.store.signingKey()) return;
    this.generating ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048 })
      .then((pair) => this.keep(pair))
      .finally(() => (this.generating = undefined));
    await this.generating;
  }

  certificate(): string {
    return this.load().certificate;
  }

  publicKeyPem(): string {
    return createPublicKey(createPrivateKey(this.load().privateKey)).export({ type: 'spki', format: 'pem' }).toString();
  }

  /** Base64 SHA1withRSA signature of the message's canonical string. */
  sign(message: Record<string, string | undefined>): string {
    return createSign('RSA-SHA1').update(canonicalString(message), 'utf8').sign(this.privateKey(), 'base64');
  }

  /**
   * The same signature computed on libuv's thread pool: an RSA-2048 signature costs milliseconds of CPU, which
   * on the event loop would delay every request behind each delivery.
   */
  async signAsync(message: Record<string, string | undefined>): Promise<string> {
    await this.ready();
    const data = Buffer.from(canonicalString(message), 'utf8');
    const key = this.privateKey();
    return new Promise((resolve, reject) =>
      sign('sha1', data, key, (err, sig) => (err ? reject(err) : resolve(sig.toString('base64')))),
    );
  }

  private privateKey(): KeyObject {
    this.keyObject ??= createPrivateKey(this.load().privateKey);
    return this.keyObject;
  }
}

function canonicalString(message: Record<string, string | undefined>): string {
  const keys = message.Type === 'Notification' ? NOTIFICATION_KEYS : CONFIRMATION_KEYS;
  let canonical = '';
  for (const k of keys) {
    const v = message[k];
    if (v !== undefined) canonical += `${k}\n${v}\n`;
  }
  return canonical;
}
