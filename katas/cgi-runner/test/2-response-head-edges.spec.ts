/** Edges of the response head (README §2): a line that is not a field at all. */
import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, it } from 'vitest';
import { CgiError, parseCgiResponseHead } from '../src/index.ts';

describe('2. The response head', () => {
  for (const line of ['NoColonHere', 'Content-Type text/plain']) {
    it(`a line without a colon is malformed: ${JSON.stringify(line)}`, () => {
      expectCode(
        () => parseCgiResponseHead(Buffer.from(`Content-Type: text/plain\n${line}\n\nbody`)),
        CgiError,
        'ERR_CGI_MALFORMED_HEADER',
        hint(2, 'every line of the head is name ":" value'),
      );
    });
  }
});
