import { createSign, type KeyObject } from 'node:crypto';

/**
 * A minimal self-signed X.509 v3 certificate (RSA, SHA-256), DER-encoded by hand: node:crypto
 * reads certificates but cannot make them, and the fake WeChat Pay server needs a platform
 * certificate generated at test time. No extensions; enough for node:crypto and @fidm/x509.
 */
export function selfSignedCertificate(o: { privateKey: KeyObject; publicKey: KeyObject; serialHex: string; commonName: string; notBefore: Date; notAfter: Date }): string {
  const algorithm = seq(oid('2a864886f70d01010b'), Buffer.from([0x05, 0x00])); // sha256WithRSAEncryption, NULL
  const name = seq(set(seq(oid('550403'), tlv(0x0c, Buffer.from(o.commonName, 'utf8'))))); // CN
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // [0] version v3
    integer(Buffer.from(o.serialHex, 'hex')),
    algorithm,
    name,
    seq(utcTime(o.notBefore), utcTime(o.notAfter)),
    name,
    o.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = createSign('sha256').update(tbs).sign(o.privateKey);
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.from([0]), signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);
const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'));
// DER integers are signed: a leading 1 bit needs a zero byte in front.
const integer = (b: Buffer) => tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
// UTCTime: YYMMDDHHMMSSZ
const utcTime = (d: Date) => tlv(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`));
