/** The stable codes of NtpError. README "Errors" says which input throws which. */
export type NtpErrorCode =
  | 'ERR_NTP_INVALID_TIMESTAMP'
  | 'ERR_NTP_SHORT_PACKET'
  | 'ERR_NTP_INVALID_FIELD'
  | 'ERR_NTP_BOGUS_ORIGIN'
  | 'ERR_NTP_BAD_MODE'
  | 'ERR_NTP_BAD_VERSION'
  | 'ERR_NTP_KISS_OF_DEATH'
  | 'ERR_NTP_UNSYNCHRONIZED'
  | 'ERR_NTP_ZERO_TRANSMIT'
  | 'ERR_NTP_TIMEOUT'
  | 'ERR_NTP_NETWORK';

/**
 * What every function of this kata throws. `kissCode` is set for ERR_NTP_KISS_OF_DEATH; `cause`
 * is the socket's own error for ERR_NTP_NETWORK.
 */
export class NtpError extends Error {
  override readonly name = 'NtpError';
  readonly code: NtpErrorCode;
  readonly kissCode: string | undefined;

  constructor(code: NtpErrorCode, message: string, kissCode?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.kissCode = kissCode;
  }
}
