import { createDecipheriv, type KeyObject, verify } from 'node:crypto';

/**
 * WeChat Pay v3 signatures and encryption with node:crypto alone. The library verifies only with
 * downloaded platform certificates, caches them process-wide and never checks how old a message
 * is; these helpers serve both key modes and leave freshness to the caller.
 */

/** Signed string of a notification or an API answer: "timestamp\nnonce\nbody\n". */
export function verifyWechatpaySignature(m: { timestamp: string; nonce: string; body: string; signature: string }, key: KeyObject): boolean {
  try {
    return verify('RSA-SHA256', Buffer.from(`${m.timestamp}\n${m.nonce}\n${m.body}\n`, 'utf8'), key, Buffer.from(m.signature, 'base64'));
  } catch {
    return false;
  }
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

/** AEAD_AES_256_GCM with the APIv3 key: the ciphertext carries the 16-byte tag at its end. Throws when tampered. */
export function decryptResource(r: EncryptedResource, apiV3Key: string): string {
  if (r.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${r.algorithm}`);
  const data = Buffer.from(r.ciphertext, 'base64');
  if (data.length < 17) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(r.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

/** WeChat Pay public keys are named by an id starting with PUB_KEY_ID_; anything else names a platform certificate. */
export const isPublicKeyId = (serial: string) => serial.startsWith('PUB_KEY_ID_');
