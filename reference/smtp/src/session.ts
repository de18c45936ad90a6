/**
 * The session under the client: the socket, the reply parser and the queue of replies awaited,
 * each with its RFC 5321 §4.5.3.2 deadline, armed when the reply becomes the next one due.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { type Reply, SmtpError } from './errors.ts';
import { ReplyParser } from './reply.ts';

/** How long each reply may take, in ms (RFC 5321 §4.5.3.2; connect is ours). */
export interface Timeouts {
  /** TCP connect (default 30 s). */
  connect: number;
  /** The 220 greeting (§4.5.3.2.1: 5 minutes). */
  greeting: number;
  /** EHLO, HELO, RSET, NOOP, QUIT (5 minutes). */
  command: number;
  /** MAIL (§4.5.3.2.2: 5 minutes). */
  mail: number;
  /** Each RCPT (§4.5.3.2.3: 5 minutes). */
  rcpt: number;
  /** The 354 after DATA (§4.5.3.2.4: 2 minutes). */
  dataInit: number;
  /** Each write of the data that has to wait for the socket to drain (§4.5.3.2.5: 3 minutes). */
  dataBlock: number;
  /** The reply after the final dot (§4.5.3.2.6: 10 minutes). */
  dataEnd: number;
}

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({
  connect: 30_000,
  greeting: 300_000,
  command: 300_000,
  mail: 300_000,
  rcpt: 300_000,
  dataInit: 120_000,
  dataBlock: 180_000,
  dataEnd: 600_000,
});

export interface ClientOptions {
  /** Default 127.0.0.1. */
  host?: string;
  port: number;
  /** The name the client gives in EHLO/HELO (default "localhost"). */
  name?: string;
  timeouts?: Partial<Timeouts>;
  /** Use PIPELINING when the server offers it (default true). */
  pipelining?: boolean;
}

interface Waiter {
  timeoutMs: number;
  resolve: (reply: Reply) => void;
  reject: (error: SmtpError) => void;
}

/** The socket, the reply parser and the replies awaited, in order, each with its deadline. */
export class Session {
  readonly timeouts: Timeouts;
  readonly pipelining: boolean;
  readonly #socket: Socket;
  readonly #parser = new ReplyParser();
  readonly #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** An error that ended the session while nobody waited for a reply. */
  #unreported: SmtpError | undefined;

  private constructor(socket: Socket, options: ClientOptions) {
    this.#socket = socket;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.pipelining = options.pipelining !== false;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => {
      this.#fail(new SmtpError('ERR_SMTP_CONNECTION', error.message, { cause: error }));
    });
    socket.on('close', () => {
      this.#fail(new SmtpError('ERR_SMTP_CONNECTION', 'the server closed the connection'));
    });
  }

  static open(options: ClientOptions): Promise<Session> {
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: options.host ?? '127.0.0.1', port: options.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new SmtpError('ERR_SMTP_TIMEOUT', 'connect timed out'));
      }, timeouts.connect);
      const onError = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new SmtpError('ERR_SMTP_CONNECTION', error.message, { cause: error }));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(new Session(socket, options));
      });
    });
  }

  /** Throws when the session is over. */
  check(): void {
    if (this.#unreported !== undefined) {
      const error = this.#unreported;
      this.#unreported = undefined;
      throw error;
    }
    if (this.#closed) throw new SmtpError('ERR_SMTP_CLOSED', 'the session is closed');
  }

  /** The next reply. */
  expect(timeoutMs: number): Promise<Reply> {
    this.check();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ timeoutMs, resolve, reject });
      if (this.#waiters.length === 1) this.#arm();
    });
  }

  command(line: string, timeoutMs: number): Promise<Reply> {
    const reply = this.expect(timeoutMs);
    this.#socket.write(`${line}\r\n`);
    return reply;
  }

  /** Several commands in one write; one promise per reply. */
  group(lines: string[], timeoutsMs: number[]): Promise<Reply>[] {
    const replies = timeoutsMs.map((ms) => this.expect(ms));
    this.#socket.write(`${lines.join('\r\n')}\r\n`);
    return replies;
  }

  /** Writes the dot-stuffed data and waits for the reply to the final dot. */
  async data(bytes: Buffer, blockMs: number, endMs: number): Promise<Reply> {
    this.check();
    if (!this.#socket.write(bytes)) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const error = new SmtpError('ERR_SMTP_TIMEOUT', 'data block timed out');
          this.#fail(error, true);
          reject(error);
        }, blockMs);
        this.#socket.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
        this.#socket.once('close', () => {
          clearTimeout(timer);
          reject(new SmtpError('ERR_SMTP_CONNECTION', 'closed while sending data'));
        });
      });
    }
    return this.expect(endMs);
  }

  destroy(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#disarm();
    this.#socket.destroy();
    const waiters = this.#waiters.splice(0);
    for (const w of waiters) w.reject(new SmtpError('ERR_SMTP_CLOSED', 'the session is closed'));
  }

  #arm(): void {
    this.#disarm();
    const head = this.#waiters[0];
    if (head === undefined) return;
    this.#timer = setTimeout(() => {
      this.#fail(new SmtpError('ERR_SMTP_TIMEOUT', `no reply within ${head.timeoutMs} ms`));
    }, head.timeoutMs);
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #onData(chunk: Buffer): void {
    let replies: Reply[];
    try {
      replies = this.#parser.push(chunk);
    } catch (error) {
      this.#fail(error as SmtpError);
      return;
    }
    for (const reply of replies) {
      const waiter = this.#waiters.shift();
      if (waiter === undefined) {
        // A reply to no command: never keep it for the next one (the lesson of CVE-2011-0411).
        this.#fail(new SmtpError('ERR_SMTP_PROTOCOL', 'a reply nobody asked for', { reply }));
        return;
      }
      waiter.resolve(reply);
    }
    if (replies.length > 0) this.#arm();
  }

  /** Ends the session with `error`: for the replies awaited, or else for the next call unless `reported`. */
  #fail(error: SmtpError, reported = false): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#disarm();
    this.#socket.destroy();
    const waiters = this.#waiters.splice(0);
    if (waiters.length === 0 && !reported) this.#unreported = error;
    for (const w of waiters) w.reject(error);
  }
}
