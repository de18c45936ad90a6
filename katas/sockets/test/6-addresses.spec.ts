import { codeOf, expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  AddressError,
  classify,
  formatIP,
  isPublic,
  parseIP,
  parseIPv4,
  parseIPv6,
} from '../src/index.ts';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
/** 16 bytes from eight 16-bit groups. */
const v6 = (...groups: number[]): Uint8Array => {
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
};

describe('6. Addresses', () => {
  describe('parseIPv4', () => {
    it.each([
      ['127.0.0.1', [127, 0, 0, 1]],
      ['0.0.0.0', [0, 0, 0, 0]],
      ['255.255.255.255', [255, 255, 255, 255]],
      ['192.0.2.10', [192, 0, 2, 10]],
    ])('reads %s', (text, octets) => {
      expect(parseIPv4(text), hint(6, 'four decimal octets, network order')).toEqual({
        family: 4,
        bytes: bytes(...octets),
      });
    });

    it.each([
      '256.0.0.1',
      '1.2.3',
      '1.2.3.4.5',
      '1..2.3',
      '1.2.3.4.',
      '01.2.3.4',
      '1.2.3.04',
      '0x7f.0.0.1',
      '127.1',
      '2130706433',
      ' 1.2.3.4',
      '1.2.3.4\n',
      '1.2.3.-4',
      '1.2.3.+4',
      '１.2.3.4',
      '',
    ])('refuses %j', (text) => {
      expectCode(
        () => parseIPv4(text),
        AddressError,
        'ERR_ADDRESS_INVALID',
        hint(6, 'exactly: dec-octet "." dec-octet "." dec-octet "." dec-octet'),
      );
    });
  });

  describe('parseIPv6 (RFC 4291 §2.2)', () => {
    it.each([
      ['2001:db8:0:0:8:800:200c:417a', v6(0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a)],
      ['2001:DB8::8:800:200C:417A', v6(0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a)],
      ['::1', v6(0, 0, 0, 0, 0, 0, 0, 1)],
      ['::', v6()],
      ['ff01::101', v6(0xff01, 0, 0, 0, 0, 0, 0, 0x101)],
      ['1::', v6(1)],
      ['1:2:3:4:5:6:7::', v6(1, 2, 3, 4, 5, 6, 7, 0)],
      ['::2:3:4:5:6:7:8', v6(0, 2, 3, 4, 5, 6, 7, 8)],
      ['0000:0000:0000:0000:0000:0000:0000:0001', v6(0, 0, 0, 0, 0, 0, 0, 1)],
      ['::ffff:192.0.2.128', v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x280)],
      ['0:0:0:0:0:ffff:129.144.52.38', v6(0, 0, 0, 0, 0, 0xffff, 0x8190, 0x3426)],
      ['::13.1.68.3', v6(0, 0, 0, 0, 0, 0, 0x0d01, 0x4403)],
      ['64:ff9b::192.0.2.33', v6(0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x221)],
    ])('reads %s', (text, expected) => {
      const ip = parseIPv6(text);
      expect(ip.family).toBe(6);
      expect(
        ip.bytes,
        hint(6, 'split on "::", then on ":"; a dotted quad is the last two groups'),
      ).toEqual(expected);
      expect(ip.zone).toBeUndefined();
    });

    it.each([
      ['fe80::1%eth0', 'eth0'],
      ['fe80::a:b%en0', 'en0'],
      ['ff02::1%3', '3'],
    ])('reads the zone of %s (RFC 4007 §11)', (text, zone) => {
      expect(parseIPv6(text).zone, hint(6, 'everything after "%"')).toBe(zone);
    });

    it.each([
      ':::',
      '1:::2',
      '1::2::3',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1::2:3:4:5:6:7:8',
      '12345::',
      ':1::2',
      '1::2:',
      ':',
      'g::1',
      '::ffff:1.2.3',
      '::ffff:01.2.3.4',
      '::1.2.3.4:5',
      '1:2:3:4:5:6:7:1.2.3.4',
      'fe80::1%',
      'fe80::1%eth/0',
      '[::1]',
      ' ::1',
      '',
    ])('refuses %j', (text) => {
      expectCode(
        () => parseIPv6(text),
        AddressError,
        'ERR_ADDRESS_INVALID',
        hint(6, 'count groups: 8 without "::", at most 7 with it'),
      );
    });
  });

  describe('parseIP', () => {
    it('reads either family', () => {
      expect(parseIP('10.0.0.1').family).toBe(4);
      expect(parseIP('::1').family, hint(6, 'a ":" means IPv6')).toBe(6);
    });

    it.each(['example.com', 'localhost', '1.2.3.4:80', '[::1]:80'])('refuses %j', (text) => {
      expect(
        codeOf(() => parseIP(text), AddressError),
        hint(6, 'names and ports are not addresses'),
      ).toBe('ERR_ADDRESS_INVALID');
    });
  });

  describe('formatIP (RFC 5952 §4)', () => {
    it.each([
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', '§4.2.3: the first of two equal runs'],
      ['2001:0db8:0:0:0:0:2:1', '2001:db8::2:1', '§4.1: no leading zeros'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', '§4.2.2: never "::" for one group'],
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1', '§4.2.3: the longest run'],
      ['2001:DB8::AbCd', '2001:db8::abcd', '§4.3: lower case'],
      ['0:0:0:0:0:0:0:0', '::', 'all zeros'],
      ['0:0:0:0:0:0:0:1', '::1', 'loopback'],
      ['1:0:0:0:0:0:0:0', '1::', 'a trailing run'],
      ['0:0:1:0:0:0:0:0', '0:0:1::', 'the longer run wins over the first'],
      ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8', 'nothing to compress'],
      ['::ffff:c000:280', '::ffff:192.0.2.128', '§5: IPv4-mapped ends in dotted decimal'],
      ['::ffff:0:0', '::ffff:0.0.0.0', '§5: the whole mapped range'],
      ['fe80:0::1%eth0', 'fe80::1%eth0', 'the zone stays'],
    ])('formats %s as %s (%s)', (text, canonical) => {
      expect(
        formatIP(parseIPv6(text)),
        hint(6, 'RFC 5952 §4: lower case, shortest, longest zero run'),
      ).toBe(canonical);
    });

    it('refuses a zone that could not be read back', () => {
      const bytes16 = parseIPv6('fe80::1').bytes;
      expectCode(
        () => formatIP({ family: 6, bytes: bytes16, zone: 'a/b' }),
        AddressError,
        'ERR_ADDRESS_INVALID',
        hint(6, 'format only what parse accepts'),
      );
      expectCode(
        () => formatIP({ family: 6, bytes: bytes16, zone: '' }),
        AddressError,
        'ERR_ADDRESS_INVALID',
      );
    });

    it('formats IPv4 as dotted decimal', () => {
      expect(formatIP({ family: 4, bytes: bytes(10, 0, 0, 255) })).toBe('10.0.0.255');
    });

    it.each([
      { family: 4 as const, bytes: bytes(1, 2, 3) },
      { family: 6 as const, bytes: bytes(1, 2, 3, 4) },
    ])('refuses an address of the wrong size (%j)', (address) => {
      expectCode(
        () => formatIP(address),
        AddressError,
        'ERR_ADDRESS_INVALID',
        hint(6, '4 or 16 bytes'),
      );
    });
  });

  describe('classify', () => {
    it.each([
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['172.32.0.1', 'global'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'private'],
      ['169.254.169.254', 'link-local'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['192.0.2.1', 'documentation'],
      ['198.51.100.7', 'documentation'],
      ['203.0.113.200', 'documentation'],
      ['240.0.0.1', 'reserved'],
      ['255.255.255.255', 'reserved'],
      ['8.8.8.8', 'global'],
      ['1.1.1.1', 'global'],
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['fe80::1', 'link-local'],
      ['febf::1', 'link-local'],
      ['fec0::1', 'global'],
      ['fc00::1', 'private'],
      ['fd12:3456::1', 'private'],
      ['ff02::1', 'multicast'],
      ['2001:db8::1', 'documentation'],
      ['2606:4700::1111', 'global'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:8.8.8.8', 'global'],
      ['9.255.255.255', 'global'],
      ['11.0.0.0', 'global'],
      ['100.63.255.255', 'global'],
      ['100.127.255.255', 'private'],
      ['100.128.0.0', 'global'],
      ['126.255.255.255', 'global'],
      ['128.0.0.0', 'global'],
      ['169.253.255.255', 'global'],
      ['169.255.0.0', 'global'],
      ['172.15.255.255', 'global'],
      ['192.0.0.8', 'reserved'],
      ['192.0.3.0', 'global'],
      ['192.88.99.1', 'reserved'],
      ['192.167.255.255', 'global'],
      ['192.169.0.0', 'global'],
      ['198.17.255.255', 'global'],
      ['198.19.255.255', 'reserved'],
      ['198.20.0.0', 'global'],
      ['198.51.101.0', 'global'],
      ['203.0.114.0', 'global'],
      ['223.255.255.255', 'global'],
      ['::2', 'reserved'],
      ['::7f00:1', 'reserved'],
      ['100::1', 'global'],
      ['fbff::1', 'global'],
      ['fe00::1', 'global'],
      ['fe7f::1', 'global'],
      ['2001:db9::1', 'global'],
      ['2001:dc8::1', 'global'],
    ])('classifies %s as %s', (text, what) => {
      expect(classify(text), hint(6, 'the README table: longest match of prefix and length')).toBe(
        what,
      );
    });

    it('classifies a parsed address too', () => {
      expect(classify({ family: 4, bytes: bytes(127, 0, 0, 1) })).toBe('loopback');
    });

    it('says isPublic only for global addresses', () => {
      expect(
        [isPublic('8.8.8.8'), isPublic('10.0.0.1'), isPublic('2001:db8::1')],
        hint(6, "classify(x) === 'global'"),
      ).toEqual([true, false, false]);
    });
  });
});
