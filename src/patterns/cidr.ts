/**
 * IP addresses and CIDR blocks, with the validation messages of AWS's pattern engine.
 *
 * AWS keeps the address as written as the bottom of a CIDR range (it does not zero the host bits), rejects /32 for
 * IPv4 and /128 for IPv6, and treats a plain string that is an IP address as a one-address range, so differently
 * written forms of the same address (e.g. "::1" and "0:0:0:0:0:0:0:1") are equal.
 */
import { CompileError } from './errors.js';

export interface IpRange {
  bottom: Uint8Array;
  top: Uint8Array;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function parseIpv4(s: string): Uint8Array | undefined {
  if (!IPV4.test(s)) return undefined;
  const parts = s.split('.').map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return Uint8Array.from(parts);
}

function parseIpv6(s: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) out.push(parseInt(item, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** The address bytes (4 or 16) of an IPv4/IPv6 literal, or undefined. */
export function parseIp(s: string): Uint8Array | undefined {
  return parseIpv4(s) ?? parseIpv6(s);
}

/** Parses a `cidr` operand; failures are AWS's (location-less) messages. */
export function parseCidr(cidr: string): IpRange {
  // Java's String.split drops trailing empty strings, so "10.0.0.0/" has no mask part
  const parts = cidr.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) throw new CompileError("Malformed CIDR, one '/' required");
  if (!/^[+-]?\d+$/.test(parts[1]) || Math.abs(Number(parts[1])) > 2 ** 31 - 1) {
    throw new CompileError('Malformed CIDR, mask bits must be an integer');
  }
  const bits = Number(parts[1]);
  if (bits < 0) throw new CompileError('Malformed CIDR, mask bits must not be negative');
  const ip = parseIp(parts[0]);
  if (!ip) {
    const looksLikeIp = IPV4.test(parts[0]);
    throw new CompileError(`${looksLikeIp ? 'Invalid' : 'Nonstandard'} IP address: ${parts[0]}`);
  }
  if (ip.length === 4 && bits > 31) throw new CompileError('IPv4 mask bits must be < 32');
  if (ip.length === 16 && bits > 127) throw new CompileError('IPv6 mask bits must be < 128');
  const top = Uint8Array.from(ip);
  let hostBits = ip.length * 8 - bits;
  for (let i = top.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) {
    top[i] |= hostBits >= 8 ? 0xff : (1 << hostBits) - 1;
  }
  return { bottom: ip, top };
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function inRange(range: IpRange, value: string): boolean {
  const ip = parseIp(value);
  if (!ip || ip.length !== range.bottom.length) return false;
  return compare(ip, range.bottom) >= 0 && compare(ip, range.top) <= 0;
}
