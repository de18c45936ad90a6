/**
 * The application's side of `startResponse` and `write` (PEP 3333 "The start_response() Callable").
 */
import { GatewayError } from '../errors.ts';
import { HOP_BY_HOP, isFieldValue, isToken } from '../status-headers.ts';

/** Checks a status; returns its code. */
export function checkStatus(status: unknown): number {
  if (typeof status !== 'string') throw new GatewayError('ERR_GATEWAY_STATUS_NOT_STRING');
  if (!isFieldValue(status)) throw new GatewayError('ERR_GATEWAY_STATUS_CONTROL');
  if (!/^\d{3} /.test(status)) throw new GatewayError('ERR_GATEWAY_STATUS_FORMAT', status);
  const code = Number(status.slice(0, 3));
  if (code < 100) throw new GatewayError('ERR_GATEWAY_STATUS_CODE', status);
  return code;
}

export function checkResponseHeaders(headers: unknown, code: number): void {
  if (!Array.isArray(headers)) throw new GatewayError('ERR_GATEWAY_HEADERS_NOT_ARRAY');
  let contentType = false;
  for (const pair of headers) {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new GatewayError('ERR_GATEWAY_HEADER_NOT_PAIR');
    const [name, value] = pair as unknown[];
    if (typeof name !== 'string' || typeof value !== 'string') {
      throw new GatewayError('ERR_GATEWAY_HEADER_NOT_STRING');
    }
    const lower = name.toLowerCase();
    if (lower === 'status') throw new GatewayError('ERR_GATEWAY_HEADER_STATUS');
    if (!isToken(name)) throw new GatewayError('ERR_GATEWAY_HEADER_NAME', JSON.stringify(name));
    if (name.endsWith('-') || name.endsWith('_'))
      throw new GatewayError('ERR_GATEWAY_HEADER_NAME_END', name);
    if (!isFieldValue(value)) throw new GatewayError('ERR_GATEWAY_HEADER_VALUE', name);
    if (HOP_BY_HOP.has(lower)) throw new GatewayError('ERR_GATEWAY_HOP_BY_HOP', name);
    if (lower === 'content-type') contentType = true;
  }
  const bodiless = code === 204 || code === 304;
  if (bodiless && contentType) throw new GatewayError('ERR_GATEWAY_CONTENT_TYPE_NOT_ALLOWED');
  if (!bodiless && !contentType) throw new GatewayError('ERR_GATEWAY_NO_CONTENT_TYPE');
}
