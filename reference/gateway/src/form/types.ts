import type { Header } from '../types.ts';

/** One field of a submitted form. */
export interface FormPart {
  /** The field name. */
  name: string;
  /** Present for a file: the name the client gave, without any path (RFC 7578 §4.2). */
  filename?: string;
  /** The part's Content-Type; `text/plain` when absent (RFC 7578 §4.4). */
  contentType: string;
  /** The part's own header fields (multipart), empty for urlencoded. */
  headers: Header[];
  /** The value, streamed; read it before asking for the next part (or it is skipped). */
  body: AsyncIterable<Uint8Array>;
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
}

export interface FormOptions {
  /** Largest part (and largest urlencoded body); more is ERR_GATEWAY_FORM_PART_TOO_LARGE. Default 10 MiB. */
  maxPartBytes?: number;
  /** Most parts; more is ERR_GATEWAY_FORM_TOO_MANY_PARTS. Default 1000. */
  maxParts?: number;
  /** Largest part head; more is ERR_GATEWAY_FORM_HEADER_TOO_LARGE. Default 8 KiB. */
  maxHeaderBytes?: number;
}
