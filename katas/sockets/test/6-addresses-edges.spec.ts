import { expectCode, expectErrorCode, hint, thrown } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { AddressError, classify, formatIP, parseIPv6 } from '../src/index.ts';

describe('6. Addresses', () => {
  describe('parseIPv6: the dotted quad only at the very end', () => {
    it.each(['1.2.3.4::', '1.2.3.4::1', '::1.2.3.4::'])('refuses %j', (text) => {
      expectCode(
        () => parseIPv6(text),
        AddressError,
        'ERR_ADDRESS_INVALID',
        hint(6, 'a dotted IPv4 address may only be the last 32 bits'),
      );
    });
  });

  describe('formatIP: only ::ffff:0:0/96 is written with a dotted tail', () => {
    it.each([
      ['1::ffff:c000:280', '1::ffff:c000:280'],
      ['0:0:0:0:1:ffff:c000:280', '::1:ffff:c000:280'],
      ['::ff00:0:1', '::ff00:0:1'],
      ['::ff:102:304', '::ff:102:304'],
      ['::fffe:102:304', '::fffe:102:304'],
    ])('formats %s as %s', (text, canonical) => {
      expect(
        formatIP(parseIPv6(text)),
        hint(6, 'IPv4-mapped means ten zero bytes, then ff ff (RFC 4291 §2.5.5.2)'),
      ).toBe(canonical);
    });

    it('classifies a near-mapped address as IPv6', () => {
      expect(
        classify('2606::ffff:7f00:1'),
        hint(6, 'only ::ffff:0:0/96 holds an IPv4 address'),
      ).toBe('global');
    });
  });

  describe('formatIP: family and size go together', () => {
    it('refuses a family 4 address of 16 bytes', () => {
      expectCode(
        () => formatIP({ family: 4, bytes: parseIPv6('::1').bytes }),
        AddressError,
        'ERR_ADDRESS_INVALID',
        hint(6, 'IPv4 is 4 bytes, IPv6 16'),
      );
    });
  });

  it('leaves zone out of an address that has none', () => {
    expect(
      parseIPv6('::1'),
      hint(6, 'zone is optional: absent, not undefined, without a "%"'),
    ).toStrictEqual({ family: 6, bytes: parseIPv6('0::1').bytes });
  });

  it('throws AddressError by that name', () => {
    const error = thrown(() => parseIPv6('::g'));
    expect(
      expectErrorCode(error, AddressError, 'ERR_ADDRESS_INVALID').name,
      hint(6, 'the error classes are given in src/index.ts'),
    ).toBe('AddressError');
  });
});
