/**
 * What an address is for, from the IANA special-purpose registries (RFC 6890, RFC 8190):
 * the decision an SSRF filter makes before it lets a server connect somewhere.
 */
import { isMapped, parseIP } from './address.ts';
import type { AddressClass, IPAddress } from './types.ts';

type Range = [prefix: number[], bits: number, what: AddressClass];

const V4: Range[] = [
  [[0], 8, 'unspecified'], // RFC 1122 §3.2.1.3 "this network"; 0.0.0.0 reaches the local host
  [[127], 8, 'loopback'],
  [[10], 8, 'private'], // RFC 1918
  [[172, 16], 12, 'private'],
  [[192, 168], 16, 'private'],
  [[100, 64], 10, 'private'], // RFC 6598 shared address space (carrier-grade NAT)
  [[169, 254], 16, 'link-local'], // RFC 3927 (cloud metadata lives at 169.254.169.254)
  [[224], 4, 'multicast'],
  [[192, 0, 2], 24, 'documentation'], // RFC 5737 TEST-NET-1..3
  [[198, 51, 100], 24, 'documentation'],
  [[203, 0, 113], 24, 'documentation'],
  [[192, 0, 0], 24, 'reserved'], // RFC 6890 IETF protocol assignments
  [[192, 88, 99], 24, 'reserved'], // RFC 7526 deprecated 6to4 relay anycast
  [[198, 18], 15, 'reserved'], // RFC 2544 benchmarking
  [[240], 4, 'reserved'], // RFC 1112 class E, and 255.255.255.255 broadcast
];

const V6: Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0], 8, 'reserved'], // RFC 4291 §2.4: ::/8 reserved (the deprecated ::a.b.c.d among it)
  [[0xfc], 7, 'private'], // RFC 4193 unique local
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xff], 8, 'multicast'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'], // RFC 3849
];

function inRange(bytes: Uint8Array, prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const i = bit / 8;
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if (((bytes[i] as number) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** The class of an address (text is parsed strictly first: AddressError if it is not one). */
export function classify(address: string | IPAddress): AddressClass {
  const ip = typeof address === 'string' ? parseIP(address) : address;
  // ::ffff:127.0.0.1 is 127.0.0.1 on a dual-stack socket: judge the IPv4 address inside.
  if (ip.family === 6 && isMapped(ip.bytes)) {
    return classify({ family: 4, bytes: ip.bytes.subarray(12) });
  }
  for (const [prefix, bits, what] of ip.family === 4 ? V4 : V6) {
    if (inRange(ip.bytes, prefix, bits)) return what;
  }
  return 'global';
}

/** True only for a global address: what an outgoing request from a server may reach. */
export function isPublic(address: string | IPAddress): boolean {
  return classify(address) === 'global';
}
