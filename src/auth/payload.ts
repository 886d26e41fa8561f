/**
 * Payload-hash handling for SigV4 verification.
 */
import type { IncomingRequestParts } from './sigv4.js';
import { sha256Hex } from './canonical.js';
import { AuthError, signatureMismatch } from './errors.js';

function header(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h.join(',') : h;
}

/** Payload hashes to try: the declared x-amz-content-sha256 if present, else the body hash (and for presigned S3, UNSIGNED-PAYLOAD first). */
export function payloadHashes(req: IncomingRequestParts, presigned: boolean, s3: boolean): string[] {
  const declared = header(req.headers['x-amz-content-sha256']);
  if (declared !== undefined) return [declared];
  if (presigned) {
    const q = /(?:^|&)X-Amz-Content-Sha256=([^&]*)/i.exec(req.rawQuery);
    if (q) return [q[1]!];
    return s3 ? ['UNSIGNED-PAYLOAD', sha256Hex(req.body)] : [sha256Hex(req.body), 'UNSIGNED-PAYLOAD'];
  }
  return [sha256Hex(req.body)];
}

const HEX64 = /^[0-9a-f]{64}$/i;

/** A declared hex payload hash must match the body actually received. */
export function checkDeclaredPayload(req: IncomingRequestParts, payload: string, s3: boolean): void {
  if (!HEX64.test(payload) || payload.toLowerCase() === (req.bodySha256 ?? sha256Hex(req.body))) return;
  if (s3) {
    throw new AuthError(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      400,
      'mismatch',
    );
  }
  throw signatureMismatch(false);
}
