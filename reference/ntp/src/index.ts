/**
 * ntp: an SNTP client (RFC 4330, RFC 5905): the packet codec, timestamps across eras, the
 * checks a reply must pass, and the client over UDP.
 */
export {
  type GetTimeOptions,
  getTime,
  type NtpResult,
  type NtpSample,
  type QueryOptions,
  query,
} from './client.ts';
export { NtpError, type NtpErrorCode } from './errors.ts';
export { decodePacket, encodePacket, kissCode, type NtpPacket, PACKET_SIZE } from './packet.ts';
export { FATAL_KISS_CODES, type OffsetAndDelay, offsetAndDelay, validateReply } from './reply.ts';
export {
  type NtpTimestamp,
  ntpToUnixMs,
  ntpToUnixNs,
  unixMsToNtp,
  unixNsToNtp,
} from './timestamp.ts';
