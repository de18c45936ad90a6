/**
 * The reference sockets kata, one module per concern:
 *
 *   lines.ts     LineDecoder, encodeLine        (framing)
 *   server.ts    createLineServer               (backpressure, half-close, timeouts, shutdown)
 *   client.ts    connectLines
 *   services.ts  createEchoServer, createTimeServer, formatDaytime (RFC 862, RFC 867)
 *   chat.ts      createChatServer
 *   udp.ts       createUdpEchoServer, createUdpClient
 *   address.ts   parseIPv4, parseIPv6, parseIP, formatIP (RFC 4291, RFC 5952)
 *   classify.ts  classify, isPublic            (RFC 6890)
 *   names.ts     resolveAll, connectHappy       (RFC 8305)
 */
export { formatIP, parseIP, parseIPv4, parseIPv6 } from './address.ts';
export { createChatServer } from './chat.ts';
export { classify, isPublic } from './classify.ts';
export { connectLines } from './client.ts';
export {
  AddressError,
  LineError,
  type LineErrorCode,
  NameError,
  type NameErrorCode,
  UdpError,
  type UdpErrorCode,
} from './errors.ts';
export { encodeLine, LineDecoder, type LineDecoderOptions } from './lines.ts';
export { connectHappy, resolveAll } from './names.ts';
export { createLineServer } from './server.ts';
export { createEchoServer, createTimeServer, formatDaytime } from './services.ts';
export type * from './types.ts';
export { createUdpClient, createUdpEchoServer } from './udp.ts';
