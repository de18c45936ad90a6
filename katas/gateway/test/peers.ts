/**
 * The production peers the differential specs compare with: node:http (llhttp) and
 * @hono/node-server, serving the same responses on loopback through the socket harness.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:net';
import type { WireResponse } from '@hbu/kata-kit/socket-harness';
import { createAdaptorServer } from '@hono/node-server';
import type { App, Header } from '../src/index.ts';
import { enc } from './helpers.ts';

/** A response described once, served by either side. */
export interface ResponseSpec {
  code: number;
  reason: string;
  headers: Header[];
  chunks: string[];
}

/** The gateway side: one chunk → an array (length known), several → a generator. */
export const specApp =
  (spec: ResponseSpec): App =>
  (_e, startResponse) => {
    startResponse(`${spec.code} ${spec.reason}`, spec.headers);
    if (spec.chunks.length <= 1) return spec.chunks.map(enc);
    return (function* () {
      for (const c of spec.chunks) yield enc(c);
    })();
  };

/** The node:http side: end(data) for one chunk (Content-Length), write() each otherwise (chunked). */
export const specNodeServer = (spec: ResponseSpec): Server =>
  createServer((req, res) => {
    req.resume();
    if (spec.chunks.length <= 1) {
      // setHeader, not writeHead: writeHead fixes the head before end() could add Content-Length.
      res.statusCode = spec.code;
      res.statusMessage = spec.reason;
      const grouped = new Map<string, string[]>();
      for (const [n, v] of spec.headers) grouped.set(n, [...(grouped.get(n) ?? []), v]);
      for (const [n, v] of grouped) res.setHeader(n, v.length === 1 ? v[0]! : v);
      res.end(spec.chunks[0] ?? '');
      return;
    }
    res.writeHead(spec.code, spec.reason, spec.headers.flat());
    for (const c of spec.chunks) res.write(c);
    res.end();
  });

/** A fetch handler served by @hono/node-server (not listening yet). */
export const honoServer = (fetch: (r: Request) => Response | Promise<Response>): Server =>
  createAdaptorServer({ fetch }) as unknown as Server;

/** Fields that depend on the server, not the application: left out of comparisons. */
const PER_SERVER = new Set(['date', 'connection', 'keep-alive', 'server']);
/** Framing fields: a fetch Response body is a stream of unknown length, so framing may differ. */
const FRAMING = new Set(['content-length', 'transfer-encoding']);

/** status, sorted fields (less per-server ones, and framing when asked), body. */
export function comparable(res: WireResponse, withFraming = true) {
  return {
    status: res.status,
    fields: res.headerList
      .filter(([n]) => !PER_SERVER.has(n) && (withFraming || !FRAMING.has(n)))
      .map(([n, v]) => `${n}: ${v}`)
      .sort(),
    body: res.body.toString('latin1'),
  };
}
