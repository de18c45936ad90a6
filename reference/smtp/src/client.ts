/**
 * An SMTP client session (RFC 5321 §3, §4.1) on node:net, with PIPELINING (RFC 2920), SIZE
 * (RFC 1870), 8BITMIME (RFC 6152) and SMTPUTF8 (RFC 6531) when the server announces them.
 */
import { checkEnvelopeAddress, isAscii } from './address.ts';
import { encodeData } from './data.ts';
import { type RejectedRecipient, type Reply, SmtpError } from './errors.ts';
import { type Extensions, parseExtensions } from './extensions.ts';
import { type ClientOptions, Session } from './session.ts';

export { type ClientOptions, DEFAULT_TIMEOUTS, type Timeouts } from './session.ts';

/** The envelope (RFC 5321 §2.3.1): reverse-path ("" for the null path <>) and forward-paths. */
export interface Envelope {
  from: string;
  to: string[];
}

export interface SendResult {
  /** The recipients the server accepted, in the order given. */
  accepted: string[];
  /** The recipients it refused, with each refusal. */
  rejected: RejectedRecipient[];
  /** The reply to the final dot. */
  reply: Reply;
}

const NAME = /^[\x21-\x7e]+$/;

export class SmtpClient {
  /** The server's 220 greeting. */
  readonly greeting!: Reply;
  /** What the server announced (nothing after a HELO fallback). */
  readonly extensions!: Extensions;
  /** True when EHLO was accepted, false after the HELO fallback. */
  readonly esmtp!: boolean;

  #session!: Session;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor() {}

  static #open(
    session: Session,
    greeting: Reply,
    extensions: Extensions,
    esmtp: boolean,
  ): SmtpClient {
    const client = new SmtpClient();
    client.#session = session;
    // readonly to callers, written once here.
    Object.assign(client, { greeting, extensions, esmtp });
    return client;
  }

  /** Connects, reads the greeting, says EHLO (HELO when EHLO is refused with a 5yz). */
  static async connect(options: ClientOptions): Promise<SmtpClient> {
    const name = options.name ?? 'localhost';
    if (!NAME.test(name)) throw new SmtpError('ERR_SMTP_INVALID_ADDRESS', 'bad EHLO name');
    const session = await Session.open(options);
    try {
      const t = session.timeouts;
      const greeting = await session.expect(t.greeting);
      if (greeting.code !== 220) {
        throw new SmtpError('ERR_SMTP_GREETING', `greeting ${greeting.code}`, { reply: greeting });
      }
      const ehlo = await session.command(`EHLO ${name}`, t.command);
      if (ehlo.code === 250) {
        return SmtpClient.#open(session, greeting, parseExtensions(ehlo), true);
      }
      if (ehlo.code >= 500) {
        const helo = await session.command(`HELO ${name}`, t.command);
        if (helo.code === 250) {
          const ext = parseExtensions({ code: 250, lines: helo.lines.slice(0, 1) });
          return SmtpClient.#open(session, greeting, ext, false);
        }
        throw new SmtpError('ERR_SMTP_HELO_REJECTED', 'HELO refused', { reply: helo });
      }
      throw new SmtpError('ERR_SMTP_HELO_REJECTED', 'EHLO refused', { reply: ehlo });
    } catch (error) {
      session.destroy();
      throw error;
    }
  }

  /** Sends one message to the envelope's recipients (one mail transaction, §3.3). */
  send(envelope: Envelope, message: string | Buffer): Promise<SendResult> {
    return this.#serial(() => this.#send(envelope, message));
  }

  /** RSET (§4.1.1.5): aborts the current transaction. */
  rset(): Promise<Reply> {
    return this.#serial(() => this.#session.command('RSET', this.#session.timeouts.command));
  }

  /** NOOP (§4.1.1.9). */
  noop(): Promise<Reply> {
    return this.#serial(() => this.#session.command('NOOP', this.#session.timeouts.command));
  }

  /** QUIT (§4.1.1.10): says goodbye, waits for the 221, closes. Never throws for a lost peer. */
  quit(): Promise<void> {
    return this.#serial(async () => {
      try {
        await this.#session.command('QUIT', this.#session.timeouts.command);
      } catch (error) {
        if (error instanceof SmtpError && error.code === 'ERR_SMTP_CLOSED') throw error;
      } finally {
        this.#session.destroy();
      }
    });
  }

  /** Closes the connection at once, without QUIT. */
  close(): void {
    this.#session.destroy();
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #send(envelope: Envelope, message: string | Buffer): Promise<SendResult> {
    const session = this.#session;
    session.check();
    const ext = this.extensions;
    const from = checkEnvelopeAddress(envelope.from, true);
    const to = envelope.to.map((a) => checkEnvelopeAddress(a, false));
    if (to.length === 0) throw new SmtpError('ERR_SMTP_NO_RECIPIENTS', 'no recipients');
    const utf8 = !isAscii(from) || to.some((a) => !isAscii(a));
    if (utf8 && !ext.smtpUtf8) {
      throw new SmtpError('ERR_SMTP_UTF8_UNSUPPORTED', 'the server did not announce SMTPUTF8');
    }
    const data = encodeData(message);
    const eightBit = !isAscii(data);
    if (eightBit && !ext.eightBitMime) {
      throw new SmtpError('ERR_SMTP_8BIT_UNSUPPORTED', 'the server did not announce 8BITMIME');
    }
    const size = data.length - 3;
    if (ext.size !== undefined && size > ext.size) {
      throw new SmtpError('ERR_SMTP_MESSAGE_TOO_LARGE', `${size} > SIZE ${ext.size}`);
    }
    let mail = `MAIL FROM:<${from}>`;
    if (ext.keywords.has('SIZE')) mail += ` SIZE=${size}`;
    if (eightBit) mail += ' BODY=8BITMIME';
    if (utf8) mail += ' SMTPUTF8';

    const t = session.timeouts;
    const rcpts = to.map((a) => `RCPT TO:<${a}>`);
    let mailReply: Reply;
    const rcptReplies: Reply[] = [];
    let dataReply: Reply | undefined;
    if (ext.pipelining && session.pipelining) {
      // RFC 2920 §3.1: MAIL, every RCPT and DATA in one group; DATA ends it.
      const replies = session.group(
        [mail, ...rcpts, 'DATA'],
        [t.mail, ...rcpts.map(() => t.rcpt), t.dataInit],
      );
      const all = await Promise.all(replies);
      mailReply = all[0] as Reply;
      rcptReplies.push(...all.slice(1, -1));
      dataReply = all.at(-1) as Reply;
    } else {
      mailReply = await session.command(mail, t.mail);
      if (mailReply.code === 250) {
        for (const r of rcpts) rcptReplies.push(await session.command(r, t.rcpt));
      }
    }
    if (mailReply.code !== 250) {
      if (dataReply?.code === 354) await this.#abortData();
      throw new SmtpError('ERR_SMTP_SENDER_REJECTED', 'MAIL refused', { reply: mailReply });
    }
    const accepted: string[] = [];
    const rejected: RejectedRecipient[] = [];
    rcptReplies.forEach((reply, i) => {
      const address = envelope.to[i] as string;
      if (reply.code === 250 || reply.code === 251) accepted.push(address);
      else rejected.push({ address, reply });
    });
    if (accepted.length === 0) {
      if (dataReply?.code === 354) await this.#abortData();
      await session.command('RSET', t.command);
      throw new SmtpError('ERR_SMTP_NO_RECIPIENTS', 'every recipient refused', { rejected });
    }
    dataReply ??= await session.command('DATA', t.dataInit);
    if (dataReply.code !== 354) {
      await session.command('RSET', t.command);
      throw new SmtpError('ERR_SMTP_DATA_REJECTED', 'DATA refused', { reply: dataReply });
    }
    const reply = await session.data(data, t.dataBlock, t.dataEnd);
    if (reply.code !== 250) {
      throw new SmtpError('ERR_SMTP_DATA_REJECTED', 'message refused', { reply });
    }
    return { accepted, rejected, reply };
  }

  /** A 354 nobody wants (RFC 2920 §3.1): an empty message, whose refusal we expect. */
  async #abortData(): Promise<void> {
    await this.#session.data(
      encodeData(''),
      this.#session.timeouts.dataBlock,
      this.#session.timeouts.dataEnd,
    );
  }
}

/** Connects, sends one message, says QUIT. */
export async function sendMail(
  options: ClientOptions,
  envelope: Envelope,
  message: string | Buffer,
): Promise<SendResult> {
  const client = await SmtpClient.connect(options);
  try {
    return await client.send(envelope, message);
  } finally {
    await client.quit().catch(() => undefined);
    client.close();
  }
}
