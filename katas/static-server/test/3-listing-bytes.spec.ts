/**
 * Round two of stage 3: a listing's Content-Length counts bytes. Names outside ASCII take two to
 * four bytes each in UTF-8; a length counted in characters (`html.length`) cuts the page short
 * and leaves its tail to be read as the next response on the connection.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { get, HELLO, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

const DIR = 'ünïcödé ☃';
const NAMES = ['café.txt', '日本語.txt', '😀 emoji.txt', 'plain.txt'];
const DIR_PATH = `/${encodeURIComponent(DIR)}/`;
const BYTES = hint(3, 'Content-Length counts bytes: Buffer.byteLength(html), not html.length');

beforeAll(() => {
  const dir = join(web().root, DIR);
  mkdirSync(dir);
  for (const name of NAMES) writeFileSync(join(dir, name), `${name}\n`);
});

describe('3. Directories', () => {
  describe('a listing with names outside ASCII', () => {
    it('sends a Content-Length equal to the bytes of the page, every name in it', async () => {
      const server = await start({ listing: true });
      const socket = await connect(server.port);
      await socket.write(`GET ${DIR_PATH} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      // Read to the close, then frame by hand: a wrong length must not be hidden by the reader.
      const raw = await socket.readUntilClose();
      const headEnd = raw.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(
        raw.subarray(0, headEnd).toString('latin1'),
      );
      const body = raw.subarray(headEnd + 4);
      expect(Number(length?.[1]), BYTES).toBe(body.length);
      for (const name of NAMES) expect(body.toString('utf8')).toContain(name);
    });

    it('answers a request pipelined after the listing on the same connection', async () => {
      const server = await start({ listing: true });
      const socket = await connect(server.port);
      await socket.write(
        `GET ${DIR_PATH} HTTP/1.1\r\nHost: x\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n`,
      );
      const listing = await socket.readResponse();
      expect(listing.status).toBe(200);
      expect(text(listing)).toContain('日本語.txt');
      const next = await socket.readResponse().catch((error: Error) => error);
      expect(next instanceof Error ? next.message : text(next), BYTES).toBe(HELLO);
    });

    it('answers a request pipelined after the fixture listing ("snow ☃.txt")', async () => {
      const server = await start({ listing: true });
      const socket = await connect(server.port);
      await socket.write(
        'GET /listing/ HTTP/1.1\r\nHost: x\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      expect(text(await socket.readResponse())).toContain('snow');
      const next = await socket.readResponse().catch((error: Error) => error);
      expect(next instanceof Error ? next.message : text(next), BYTES).toBe(HELLO);
    });

    it('sends the same Content-Length for HEAD as for GET', async () => {
      const server = await start({ listing: true });
      const g = await get(server, DIR_PATH);
      const h = await get(server, DIR_PATH, {}, 'HEAD');
      expect(h.headers['content-length'], BYTES).toBe(String(g.body.length));
    });
  });
});
