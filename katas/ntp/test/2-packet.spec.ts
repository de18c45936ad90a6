import { codeOf, expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  encodePacket,
  kissCode,
  NtpError,
  type NtpPacket,
  PACKET_SIZE,
} from '../src/index.ts';

const hex = (text: string): Uint8Array =>
  Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

/**
 * A stratum-1 server's reply, built by hand from the layout of RFC 4330 §4 / RFC 5905 §7.3:
 * LI 0, VN 4, mode 4; stratum 1; poll 6; precision −20; root delay 16/65536 s; root dispersion
 * 1 + 1/2 s; reference id "GPS"; four timestamps.
 */
const SERVER_REPLY = hex(`
  24 01 06 ec
  00 00 00 10
  00 01 80 00
  47 50 53 00
  e9 bd 4e 80 00 00 00 00
  e9 bd 4e 8a 80 00 00 00
  e9 bd 4e 8a 80 10 00 00
  e9 bd 4e 8a 80 20 00 01`);

const SERVER_FIELDS: NtpPacket = {
  leap: 0,
  version: 4,
  mode: 4,
  stratum: 1,
  poll: 6,
  precision: -20,
  rootDelay: 16 / 65_536,
  rootDispersion: 1.5,
  referenceId: 'GPS',
  referenceTimestamp: { seconds: 0xe9bd4e80, fraction: 0 },
  originTimestamp: { seconds: 0xe9bd4e8a, fraction: 0x8000_0000 },
  receiveTimestamp: { seconds: 0xe9bd4e8a, fraction: 0x8010_0000 },
  transmitTimestamp: { seconds: 0xe9bd4e8a, fraction: 0x8020_0001 },
};

/** An SNTP client request (RFC 4330 §5): LI 0, VN 4, mode 3, every field zero but transmit. */
const CLIENT_REQUEST = hex(`23 000000 ${'00'.repeat(36)} e9bd4e8a 80000000`);
const ZERO = { seconds: 0, fraction: 0 };
const CLIENT_FIELDS: NtpPacket = {
  leap: 0,
  version: 4,
  mode: 3,
  stratum: 0,
  poll: 0,
  precision: 0,
  rootDelay: 0,
  rootDispersion: 0,
  referenceId: '',
  referenceTimestamp: ZERO,
  originTimestamp: ZERO,
  receiveTimestamp: ZERO,
  transmitTimestamp: { seconds: 0xe9bd4e8a, fraction: 0x8000_0000 },
};

/** SERVER_REPLY with some bytes replaced. */
function patched(at: number, bytes: number[]): Uint8Array {
  const copy = SERVER_REPLY.slice();
  copy.set(bytes, at);
  return copy;
}

describe('2. The packet codec', () => {
  describe('decodePacket of a hand-built stratum-1 reply', () => {
    const decoded = (): NtpPacket => decodePacket(SERVER_REPLY);
    for (const field of Object.keys(SERVER_FIELDS) as Array<keyof NtpPacket>) {
      it(`reads ${field}`, () => {
        expect(
          decoded()[field],
          hint(2, `the ${field} field: offsets and widths in RFC 5905 §7.3`),
        ).toEqual(SERVER_FIELDS[field]);
      });
    }
  });

  describe('decodePacket, field by field', () => {
    it('splits the first octet: 0xdd is LI 3, VN 3, mode 5', () => {
      const p = decodePacket(patched(0, [0xdd]));
      expect(
        [p.leap, p.version, p.mode],
        hint(2, 'LI is the top 2 bits, VN the next 3, mode the low 3'),
      ).toEqual([3, 3, 5]);
    });
    it('reads poll and precision as signed octets', () => {
      const p = decodePacket(patched(2, [0xfa, 0x7f]));
      expect([p.poll, p.precision], hint(2, 'poll and precision are int8')).toEqual([-6, 127]);
    });
    it('reads the root delay as unsigned 16.16 fixed point (0x80000000 is 32768 s)', () => {
      expect(
        decodePacket(patched(4, [0x80, 0, 0, 0])).rootDelay,
        hint(2, 'NTP short format is unsigned'),
      ).toBe(32_768);
    });
    it('reads a stratum-2 reference id as a dotted IPv4 address', () => {
      const p = decodePacket(patched(1, [2, 6, 0xec, 0, 0, 0, 0x10, 0, 1, 0x80, 0, 192, 0, 2, 1]));
      expect(p.referenceId, hint(2, 'stratum ≥ 2: the upstream server’s address')).toBe(
        '192.0.2.1',
      );
    });
    it('reads a stratum-16 reference id as an address too', () => {
      const p = decodePacket(
        patched(1, [16, 6, 0xec, 0, 0, 0, 0x10, 0, 1, 0x80, 0, 10, 255, 0, 7]),
      );
      expect(p.referenceId, hint(2, 'any stratum from 2 up')).toBe('10.255.0.7');
    });
    it('reads a stratum-0 reference id as ASCII (a kiss code)', () => {
      const p = decodePacket(
        patched(1, [0, 6, 0xec, 0, 0, 0, 0x10, 0, 1, 0x80, 0, 0x52, 0x41, 0x54, 0x45]),
      );
      expect(p.referenceId, hint(2, 'stratum 0: four ASCII characters')).toBe('RATE');
    });
    it('keeps a NUL inside a reference id and drops only trailing NULs', () => {
      const p = decodePacket(patched(12, [0x41, 0, 0x42, 0]));
      expect(p.referenceId, hint(2, 'trim trailing NULs only')).toBe('A\u0000B');
    });
    it('reads an all-NUL stratum-1 reference id as the empty string', () => {
      expect(
        decodePacket(patched(12, [0, 0, 0, 0])).referenceId,
        hint(2, 'four NULs: nothing'),
      ).toBe('');
    });
    it('ignores bytes after the 48 (extension fields, a 20-byte MAC)', () => {
      const withMac = new Uint8Array(68);
      withMac.set(SERVER_REPLY);
      withMac.fill(0xff, 48);
      expect(decodePacket(withMac), hint(2, 'read the first 48 bytes only')).toEqual(SERVER_FIELDS);
    });
    it('decodes a view into a larger buffer at a non-zero offset', () => {
      const big = new Uint8Array(100);
      big.fill(0xaa);
      big.set(SERVER_REPLY, 7);
      expect(
        decodePacket(big.subarray(7, 55)),
        hint(2, 'a DataView needs byteOffset and the length'),
      ).toEqual(SERVER_FIELDS);
    });
    it('decodes a Node Buffer', () => {
      expect(decodePacket(Buffer.from(SERVER_REPLY)), hint(2, 'a Buffer is a Uint8Array')).toEqual(
        SERVER_FIELDS,
      );
    });
    it('decodes a client request', () => {
      expect(
        decodePacket(CLIENT_REQUEST),
        hint(2, 'every field zero but the first octet and transmit'),
      ).toEqual(CLIENT_FIELDS);
    });

    const short: Array<[string, unknown]> = [
      ['47 bytes', SERVER_REPLY.subarray(0, 47)],
      ['no bytes', new Uint8Array(0)],
      ['one byte', new Uint8Array([0x24])],
      ['a string', 'x'.repeat(48)],
      ['undefined', undefined],
    ];
    for (const [name, value] of short) {
      it(`rejects ${name} with ERR_NTP_SHORT_PACKET`, () => {
        expectCode(
          () => decodePacket(value as Uint8Array),
          NtpError,
          'ERR_NTP_SHORT_PACKET',
          hint(2, 'check the length before reading'),
        );
      });
    }
    it('throws an error whose name is "NtpError" (what a log line shows)', () => {
      const error = expectCode(
        () => decodePacket(new Uint8Array(47)),
        NtpError,
        'ERR_NTP_SHORT_PACKET',
        hint(2, 'throw new NtpError(code, message)'),
      );
      expect(error.name, hint(2, 'NtpError keeps its name')).toBe('NtpError');
    });
  });

  describe('encodePacket', () => {
    it('encodes the hand-built reply byte for byte', () => {
      expect(
        Buffer.from(encodePacket(SERVER_FIELDS)).toString('hex'),
        hint(2, 'big-endian, RFC 5905 §7.3'),
      ).toBe(Buffer.from(SERVER_REPLY).toString('hex'));
    });
    it('encodes the RFC 4330 client request byte for byte', () => {
      expect(
        Buffer.from(encodePacket(CLIENT_FIELDS)).toString('hex'),
        hint(2, 'first octet 0x23'),
      ).toBe(Buffer.from(CLIENT_REQUEST).toString('hex'));
    });
    it('returns exactly 48 bytes', () => {
      const bytes = encodePacket(SERVER_FIELDS);
      expect([bytes instanceof Uint8Array, bytes.length], hint(2, 'PACKET_SIZE')).toEqual([
        true,
        PACKET_SIZE,
      ]);
    });
    it('writes a stratum-2 reference id from its dotted address', () => {
      const bytes = encodePacket({ ...SERVER_FIELDS, stratum: 2, referenceId: '203.0.113.254' });
      expect([...bytes.subarray(12, 16)], hint(2, 'four octets')).toEqual([203, 0, 113, 254]);
    });
    it('writes a kiss code at stratum 0', () => {
      const bytes = encodePacket({ ...SERVER_FIELDS, stratum: 0, referenceId: 'DENY' });
      expect(Buffer.from(bytes.subarray(12, 16)).toString('latin1'), hint(2, 'ASCII')).toBe('DENY');
    });
    it('writes a Latin-1 character as one octet', () => {
      const bytes = encodePacket({ ...SERVER_FIELDS, referenceId: '\u00e9' });
      expect([...bytes.subarray(12, 16)], hint(2, 'one octet per character, NUL padded')).toEqual([
        0xe9, 0, 0, 0,
      ]);
    });
    it('writes negative poll and precision in two’s complement', () => {
      const bytes = encodePacket({ ...SERVER_FIELDS, poll: -1, precision: -128 });
      expect([bytes[2], bytes[3]], hint(2, 'int8')).toEqual([0xff, 0x80]);
    });
    it('rounds the root delay to the nearest 1/65536 s', () => {
      const bytes = encodePacket({ ...SERVER_FIELDS, rootDelay: 0.5 + 0.4 / 65_536 });
      expect([...bytes.subarray(4, 8)], hint(2, 'seconds × 65536, rounded')).toEqual([
        0, 0, 0x80, 0,
      ]);
    });
    it('writes leap 3, version 3, mode 5 as 0xdd', () => {
      expect(
        encodePacket({ ...SERVER_FIELDS, leap: 3, version: 3, mode: 5 })[0],
        hint(2, 'LI<<6 | VN<<3 | mode'),
      ).toBe(0xdd);
    });
    it('writes the largest timestamp halves', () => {
      const max = { seconds: 0xffff_ffff, fraction: 0xffff_ffff };
      const bytes = encodePacket({ ...SERVER_FIELDS, transmitTimestamp: max });
      expect(Buffer.from(bytes.subarray(40, 48)).toString('hex'), hint(2, 'unsigned 32-bit')).toBe(
        'ff'.repeat(8),
      );
    });

    const boundaries: Array<[string, Partial<NtpPacket>]> = [
      ['leap 3', { leap: 3 }],
      ['version 7', { version: 7 }],
      ['mode 7', { mode: 7 }],
      ['stratum 255 with an address', { stratum: 255, referenceId: '255.255.255.255' }],
      ['poll 127 and precision −128', { poll: 127, precision: -128 }],
      ['poll −128 and precision 127', { poll: -128, precision: 127 }],
      ['the largest root delay, (2^32 − 1) / 65536 s', { rootDelay: 0xffff_ffff / 65_536 }],
      ['the address 0.0.0.0 at stratum 2', { stratum: 2, referenceId: '0.0.0.0' }],
      ['a four-character id at stratum 1', { referenceId: 'GOES' }],
    ];
    for (const [name, change] of boundaries) {
      it(`accepts ${name} and decodes it back`, () => {
        const p = { ...SERVER_FIELDS, ...change };
        expect(
          decodePacket(encodePacket(p)),
          hint(2, 'the whole range of each field is valid'),
        ).toEqual(p);
      });
    }

    const invalid: Array<[string, Partial<NtpPacket>]> = [
      ['leap 4', { leap: 4 }],
      ['leap −1', { leap: -1 }],
      ['version 8', { version: 8 }],
      ['mode 8', { mode: 8 }],
      ['mode 1.5', { mode: 1.5 }],
      ['stratum 256', { stratum: 256 }],
      ['poll 128', { poll: 128 }],
      ['poll −129', { poll: -129 }],
      ['precision 0.5', { precision: 0.5 }],
      ['a negative root delay', { rootDelay: -1 }],
      ['a root delay of 65536 s', { rootDelay: 65_536 }],
      ['a NaN root dispersion', { rootDispersion: Number.NaN }],
      ['a five-character reference id', { referenceId: 'GOESX' }],
      ['a reference id beyond Latin-1', { referenceId: '\u20ac' }],
      ['"GPS" at stratum 2', { stratum: 2, referenceId: 'GPS' }],
      ['"1.2.3" at stratum 2', { stratum: 2, referenceId: '1.2.3' }],
      ['"256.0.0.1" at stratum 3', { stratum: 3, referenceId: '256.0.0.1' }],
      ['a transmit second of 2^32', { transmitTimestamp: { seconds: 2 ** 32, fraction: 0 } }],
      ['a negative origin fraction', { originTimestamp: { seconds: 0, fraction: -1 } }],
      ['a fractional reference second', { referenceTimestamp: { seconds: 0.5, fraction: 0 } }],
      ['a leap given as a string', { leap: '1' as unknown as number }],
      ['precision −129', { precision: -129 }],
      ['precision 128', { precision: 128 }],
      ['an infinite root delay', { rootDelay: Number.POSITIVE_INFINITY }],
      ['a root delay given as a string', { rootDelay: '1' as unknown as number }],
      ['a reference id that is not a string', { referenceId: 1234 as unknown as string }],
      ['"01.2.3.4" (a leading zero) at stratum 2', { stratum: 2, referenceId: '01.2.3.4' }],
      ['"1.2.3.4.5" at stratum 2', { stratum: 2, referenceId: '1.2.3.4.5' }],
      [
        'a missing transmit timestamp',
        { transmitTimestamp: null as unknown as NtpPacket['transmitTimestamp'] },
      ],
      [
        'a receive timestamp whose seconds are a string',
        { receiveTimestamp: { seconds: '1' as unknown as number, fraction: 0 } },
      ],
    ];
    for (const [name, change] of invalid) {
      it(`rejects ${name} with ERR_NTP_INVALID_FIELD`, () => {
        expect(
          codeOf(() => encodePacket({ ...SERVER_FIELDS, ...change }), NtpError),
          hint(2, 'check every field against its width before writing it'),
        ).toBe('ERR_NTP_INVALID_FIELD');
      });
    }
  });

  describe('kissCode', () => {
    it('is the reference id of a stratum-0 packet', () => {
      expect(
        kissCode({ ...SERVER_FIELDS, stratum: 0, referenceId: 'RATE' }),
        hint(2, 'stratum 0 is a kiss'),
      ).toBe('RATE');
    });
    it('is undefined at stratum 1', () => {
      expect(
        kissCode(SERVER_FIELDS),
        hint(2, 'only stratum 0 carries a kiss code'),
      ).toBeUndefined();
    });
    it('is undefined at stratum 2', () => {
      expect(
        kissCode({ ...SERVER_FIELDS, stratum: 2, referenceId: '82.65.84.69' }),
        hint(2, 'an address, not a kiss'),
      ).toBeUndefined();
    });
  });
});
