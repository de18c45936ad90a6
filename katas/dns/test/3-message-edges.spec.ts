/**
 * Compression across the question section: every question name is compressed like an owner
 * name, against the questions before it.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../src/index.ts';
import { hex, message, toHex, wireName } from './helpers.ts';

const POINTER = hint(3, 'question names are compressed too, against every name written before');

describe('3. Compression', () => {
  it('writes a second question that ends with the first as its own labels and a pointer', () => {
    const m = message({
      questions: [
        { name: 'example.com', type: 'A', class: 'IN' },
        { name: 'www.example.com', type: 'AAAA', class: 'IN' },
        { name: 'example.com', type: 'MX', class: 'IN' },
      ],
    });
    const bytes = encode(m);
    expect(toHex(bytes.subarray(12)), POINTER).toBe(
      toHex(
        hex(
          `${wireName('example.com')} 00 01 00 01 03 77 77 77 c0 0c 00 1c 00 01 c0 0c 00 0f 00 01`,
        ),
      ),
    );
    expect(decode(bytes), POINTER).toEqual(m);
  });
});
