/**
 * gateway — reference solution. PEP 3333 (WSGI) translated to TypeScript: the interface between
 * a server and an application, a server for it on node:net, a validator, middleware, adapters.
 */
export { environEcho, failing, greetForm, hello, ticker } from './apps.ts';
export { GATEWAY_RULES, GatewayError, type GatewayErrorCode, VALIDATE_RULES } from './errors.ts';
export { type FetchHandler, fromFetchHandler, requestUrl, toFetchHandler } from './fetch.ts';
export { readForm } from './form/read-form.ts';
export type { FormOptions, FormPart } from './form/types.ts';
export { mount } from './mount.ts';
export { serve } from './serve.ts';
export type {
  App,
  Body,
  Environ,
  ErrorStream,
  GatewayVersion,
  Header,
  InputStream,
  ServeOptions,
  StartResponse,
  Write,
} from './types.ts';
export { type ValidateOptions, validate } from './validate/validate.ts';
