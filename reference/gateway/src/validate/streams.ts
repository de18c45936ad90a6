/**
 * The application's use of `gateway.input` and `gateway.errors`, and the input's answers.
 */
import { GatewayError } from '../errors.ts';
import type { ErrorStream, InputStream } from '../types.ts';

/** An input stream that checks both callers and results; `close()` is refused. */
export function checkedInput(inner: InputStream): InputStream & { close(): never } {
  const bytes = (
    value: unknown,
    code:
      | 'ERR_GATEWAY_INPUT_READ_RESULT'
      | 'ERR_GATEWAY_INPUT_READLINE_RESULT'
      | 'ERR_GATEWAY_INPUT_ITERATION_RESULT',
  ): Uint8Array => {
    if (!(value instanceof Uint8Array)) throw new GatewayError(code);
    return value;
  };
  return {
    async read(...args: [size?: number]): Promise<Uint8Array> {
      const size = args[0];
      if (args.length > 1 || (size !== undefined && (!Number.isInteger(size) || size < 0))) {
        throw new GatewayError('ERR_GATEWAY_INPUT_READ_ARGUMENT', String(size));
      }
      const data = bytes(await inner.read(size), 'ERR_GATEWAY_INPUT_READ_RESULT');
      if (size !== undefined && data.length > size) {
        throw new GatewayError('ERR_GATEWAY_INPUT_READ_TOO_MUCH', `${data.length} > ${size}`);
      }
      return data;
    },
    async readLine(limit?: number): Promise<Uint8Array> {
      return bytes(await inner.readLine(limit), 'ERR_GATEWAY_INPUT_READLINE_RESULT');
    },
    async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      for await (const chunk of inner) yield bytes(chunk, 'ERR_GATEWAY_INPUT_ITERATION_RESULT');
    },
    close(): never {
      throw new GatewayError('ERR_GATEWAY_INPUT_CLOSE');
    },
  };
}

/** An error stream that takes text only; `close()` is refused. */
export function checkedErrors(inner: ErrorStream): ErrorStream & { close(): never } {
  return {
    write(text: string): void {
      if (typeof text !== 'string') throw new GatewayError('ERR_GATEWAY_ERRORS_WRITE_ARGUMENT');
      inner.write(text);
    },
    flush(): void {
      inner.flush();
    },
    close(): never {
      throw new GatewayError('ERR_GATEWAY_ERRORS_CLOSE');
    },
  };
}
