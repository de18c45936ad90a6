/**
 * A chat room over the line server. Commands (case-insensitive verbs):
 *   NICK <nick>          -> OK <nick>; the others get JOIN <nick>
 *   MSG <text>           -> the others get MSG <nick> <text>
 *   PRIV <nick> <text>   -> that member gets PRIV <from> <text>
 *   NAMES                -> NAMES <nick> <nick>… (sorted)
 *   QUIT                 -> BYE, then close; the others get LEAVE <nick>
 */
import { createLineServer } from './server.ts';
import type { ChatServerOptions, LineConnection, LineServer } from './types.ts';

const NICK = /^[A-Za-z0-9_-]{1,16}$/;
const DEFAULT_MAX_BUFFERED = 1024 * 1024;
/** C0 controls but tab, and DEL: a bare CR would let a member overwrite lines on the others' terminals. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export function createChatServer(options: ChatServerOptions = {}): LineServer {
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  const members = new Map<string, LineConnection>(); // lower-cased nick -> connection
  const nicks = new Map<LineConnection, string>();

  /** Sends to one member; a member too slow to read is dropped, so it never holds up the room. */
  const deliver = (to: LineConnection, line: string): void => {
    to.send(line);
    if (to.socket.writableLength > maxBuffered) to.socket.destroy();
  };
  const broadcast = (from: LineConnection, line: string): void => {
    for (const member of [...members.values()]) if (member !== from) deliver(member, line);
  };
  const leave = (conn: LineConnection): void => {
    const nick = nicks.get(conn);
    if (nick === undefined) return;
    nicks.delete(conn);
    members.delete(nick.toLowerCase());
    broadcast(conn, `LEAVE ${nick}`);
  };

  const handle = (line: string, conn: LineConnection): void => {
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const rest = space < 0 ? '' : line.slice(space + 1);
    const nick = nicks.get(conn);
    if (verb === 'QUIT') {
      conn.send('BYE');
      leave(conn);
      conn.close();
      return;
    }
    if (verb === 'NICK') {
      if (nick !== undefined) {
        conn.send('ERR already-named');
        return;
      }
      if (!NICK.test(rest)) {
        conn.send('ERR bad-nick');
        return;
      }
      if (members.has(rest.toLowerCase())) {
        conn.send('ERR nick-taken');
        return;
      }
      members.set(rest.toLowerCase(), conn);
      nicks.set(conn, rest);
      conn.send(`OK ${rest}`);
      broadcast(conn, `JOIN ${rest}`);
      return;
    }
    if (CONTROL.test(rest)) {
      conn.send('ERR syntax');
      return;
    }
    if (!['MSG', 'PRIV', 'NAMES'].includes(verb)) {
      conn.send('ERR unknown-command');
      return;
    }
    if (nick === undefined) {
      conn.send('ERR no-nick');
      return;
    }
    if (verb === 'NAMES') {
      const names = [...nicks.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      conn.send(`NAMES ${names.join(' ')}`);
      return;
    }
    if (verb === 'MSG') {
      if (rest === '') {
        conn.send('ERR syntax');
        return;
      }
      broadcast(conn, `MSG ${nick} ${rest}`);
      return;
    }
    const gap = rest.indexOf(' ');
    if (gap <= 0 || gap === rest.length - 1) {
      conn.send('ERR syntax');
      return;
    }
    const target = members.get(rest.slice(0, gap).toLowerCase());
    if (target === undefined) {
      conn.send('ERR no-such-nick');
      return;
    }
    deliver(target, `PRIV ${nick} ${rest.slice(gap + 1)}`);
  };

  return createLineServer(handle, {
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.maxLineLength === undefined ? {} : { maxLineLength: options.maxLineLength }),
    onClose: leave,
  });
}
