/**
 * One request: a script under the prefix, or a file through the static server. A script's
 * local redirect (RFC 3875 §6.2.2) comes back here as a GET for the new path.
 */
import type { Socket } from 'node:net';
import { CgiError, statusFor } from './errors.ts';
import { mapScript } from './map-script.ts';
import type { Settings } from './options.ts';
import { type RequestHead, reasonPhrase } from './prereqs.ts';
import { isNph, runCgi } from './run.ts';
import type { StaticProxy } from './static-proxy.ts';
import type { CgiRequest, CgiResponse } from './types.ts';

export interface Exchange {
  head: RequestHead;
  body: Buffer | undefined;
  socket: Socket;
  /** The request asks for a persistent connection. */
  keepAlive: boolean;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** Answers one request; resolves whether the connection may carry another. */
export async function dispatch(
  exchange: Exchange,
  settings: Settings,
  proxy: StaticProxy | undefined,
  redirects = 0,
): Promise<boolean> {
  const { socket } = exchange;
  const head = originForm(exchange.head);
  if (head === undefined) return writeSimple(socket, 400, exchange.head.version, false);
  const target = head.target;
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q + 1);
  if (path !== settings.prefix && !path.startsWith(`${settings.prefix}/`)) {
    if (proxy === undefined)
      return writeSimple(socket, 404, head.version, exchange.keepAlive, head.method);
    return proxy.forward(head, exchange.body, socket, exchange.keepAlive);
  }
  const match = await mapScript(settings.cgiBin, settings.prefix, path);
  if (match.status !== 200)
    return writeSimple(socket, match.status, head.version, exchange.keepAlive, head.method);
  if (settings.running >= settings.maxConcurrent) {
    // RFC 9110 §15.6.4: overloaded, try later.
    return writeSimple(socket, 503, head.version, exchange.keepAlive, head.method, [
      ['Retry-After', '1'],
    ]);
  }
  const request: CgiRequest = {
    method: head.method,
    protocol: head.version,
    headers: head.headers,
    body: exchange.body,
    scriptName: match.scriptName,
    pathInfo: match.pathInfo,
    queryString: query,
    remoteAddr: (socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
    serverName: serverName(head, socket),
    serverPort: socket.localPort ?? 0,
  };
  settings.running++;
  let response: CgiResponse;
  try {
    response = await runCgi(match.file, request, { ...settings.cgi, signal: exchange.signal });
  } catch (error) {
    settings.running--;
    const code = error instanceof CgiError ? error.code : 'ERR_CGI_SPAWN';
    if (code === 'ERR_CGI_ABORTED') {
      socket.destroy();
      return false;
    }
    return writeSimple(socket, statusFor(code), head.version, exchange.keepAlive, head.method);
  }
  void response.exited.then(() => settings.running--);
  if (isNph(match.scriptName)) return pipeRaw(response, socket);
  const cgiHead = response.head!;
  if (cgiHead.kind === 'local-redirect') {
    response.kill();
    response.body.resume();
    if (redirects >= settings.maxRedirects)
      return writeSimple(socket, 500, head.version, false, head.method);
    const headers = new (head.headers.constructor as new () => RequestHead['headers'])();
    for (const [name, value] of head.headers) {
      const lower = name.toLowerCase();
      if (lower !== 'content-length' && lower !== 'content-type' && lower !== 'transfer-encoding')
        headers.append(name, value);
    }
    const next: RequestHead = {
      method: 'GET',
      target: cgiHead.location!,
      version: head.version,
      headers,
    };
    return dispatch({ ...exchange, head: next, body: undefined }, settings, proxy, redirects + 1);
  }
  return writeCgi(response, { ...exchange, head });
}

/** absolute-form (RFC 9112 §3.2.2): scheme "://" authority, then path-abempty [ "?" query ]. */
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)([^#]*)$/;

/**
 * The request with an origin-form target (RFC 9112 §3.2.1), or undefined when its target has
 * neither form (400). "A server MUST accept the absolute-form in requests" (§3.2.2): its path and
 * query are the target (an empty path is "/"), and its authority is the host — "the origin
 * server MUST ignore the received Host header field (if any) and instead use the host
 * information of the request-target" (§3.2.3), so it replaces Host for SERVER_NAME, HTTP_HOST
 * and the static server. An empty host or a userinfo makes the URI invalid (RFC 9110 §4.2.1,
 * §4.2.4).
 */
function originForm(head: RequestHead): RequestHead | undefined {
  if (head.target.startsWith('/')) return head;
  const m = ABSOLUTE_FORM.exec(head.target);
  if (m === null) return undefined;
  const [, authority = '', rest = ''] = m;
  if (authority === '' || authority.includes('@')) return undefined;
  head.headers.set('Host', authority);
  return { ...head, target: rest.startsWith('/') ? rest : `/${rest}` };
}

/** SERVER_NAME: the host of the Host field when it is a plain name or address, else ours. */
function serverName(head: RequestHead, socket: Socket): string {
  const host = head.headers.get('host') ?? '';
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d*)?$/.exec(host);
  return m?.[1] ?? socket.localAddress ?? '127.0.0.1';
}

/** Writes the script's status, fields and body (chunked on HTTP/1.1, close-delimited on 1.0). */
function writeCgi(response: CgiResponse, exchange: Exchange): Promise<boolean> {
  const { head: request, socket } = exchange;
  const head = response.head!;
  const body = response.body;
  const bodiless = request.method === 'HEAD' || head.status === 204 || head.status === 304;
  const chunked = !bodiless && request.version === 'HTTP/1.1';
  const keepAlive = exchange.keepAlive && (bodiless || chunked);
  const lines = [
    `HTTP/1.1 ${head.status} ${head.reason || reasonPhrase(head.status)}`,
    `Date: ${new Date().toUTCString()}`,
  ];
  let typed = false;
  for (const [name, value] of head.headers) {
    if (name.toLowerCase() === 'content-type') typed = true;
    lines.push(`${name}: ${value}`);
  }
  // No Content-Type is never "text/html" (Go CVE-2020-24553): say so, and forbid sniffing.
  if (!typed && !bodiless) lines.push('X-Content-Type-Options: nosniff');
  if (chunked) lines.push('Transfer-Encoding: chunked');
  if (!keepAlive) lines.push('Connection: close');
  else if (request.version === 'HTTP/1.0') lines.push('Connection: keep-alive');
  return new Promise((resolve) => {
    // The script timed out (or was killed) in the middle of its body: the response cannot be
    // completed, and only a cut connection tells the client it is truncated.
    const cut = (): void => {
      socket.destroy();
      resolve(false);
    };
    // runCgi resolved in this same turn of the event loop: no error can have come yet.
    body.once('error', cut);
    socket.cork();
    socket.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
    body.on('data', (data: Buffer) => {
      // A zero-length chunk would end a chunked body: skipped.
      if (bodiless || data.length === 0 || socket.destroyed) return;
      const ok = chunked
        ? socket.write(
            Buffer.concat([
              Buffer.from(`${data.length.toString(16)}\r\n`),
              data,
              Buffer.from('\r\n'),
            ]),
          )
        : socket.write(data);
      if (!ok) {
        body.pause();
        void drained(socket).then(() => body.resume());
      }
    });
    // The head and what the script printed with it (already buffered: 'data' comes on the
    // next tick, before this) leave in one write, not two.
    process.nextTick(() => socket.uncork());
    body.once('end', () => {
      if (socket.destroyed) return resolve(false);
      if (chunked) socket.write('0\r\n\r\n');
      resolve(keepAlive);
    });
  });
}

/** NPH: the script's bytes are the response; the connection ends with them. */
async function pipeRaw(response: CgiResponse, socket: Socket): Promise<boolean> {
  try {
    for await (const chunk of response.body) {
      if (socket.destroyed) break;
      if (!socket.write(chunk as Buffer)) await drained(socket);
    }
  } catch {
    socket.destroy();
  }
  return false;
}

/** A short text answer for a status the server produces itself. */
export async function writeSimple(
  socket: Socket,
  status: number,
  version: string,
  keepAlive: boolean,
  method = 'GET',
  extra: Array<[string, string]> = [],
): Promise<boolean> {
  if (socket.destroyed) return false;
  const body = Buffer.from(`${status} ${reasonPhrase(status)}\n`);
  const lines = [`HTTP/1.1 ${status} ${reasonPhrase(status)}`, `Date: ${new Date().toUTCString()}`];
  for (const [name, value] of extra) lines.push(`${name}: ${value}`);
  lines.push('Content-Type: text/plain; charset=utf-8', `Content-Length: ${body.length}`);
  if (!keepAlive) lines.push('Connection: close');
  else if (version === 'HTTP/1.0') lines.push('Connection: keep-alive');
  const headBytes = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  socket.write(method === 'HEAD' ? headBytes : Buffer.concat([headBytes, body]));
  return keepAlive;
}

function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
