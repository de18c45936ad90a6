/**
 * The server's side of the interface, checked on every environ (PEP 3333 "environ Variables").
 */
import { GatewayError } from '../errors.ts';
import { isToken } from '../status-headers.ts';

const REQUIRED = [
  'REQUEST_METHOD',
  'SCRIPT_NAME',
  'PATH_INFO',
  'QUERY_STRING',
  'SERVER_NAME',
  'SERVER_PORT',
  'SERVER_PROTOCOL',
  'gateway.version',
  'gateway.url_scheme',
  'gateway.input',
  'gateway.errors',
  'gateway.multithread',
  'gateway.multiprocess',
  'gateway.run_once',
];

const fail = (code: ConstructorParameters<typeof GatewayError>[0], detail?: string): never => {
  throw new GatewayError(code, detail);
};

export function checkEnviron(environ: unknown): asserts environ is Record<string, unknown> {
  // A plain object: its prototype is Object.prototype or null (no array, Map, class or primitive).
  const proto =
    environ === null || environ === undefined ? undefined : Object.getPrototypeOf(environ);
  if (proto !== Object.prototype && proto !== null) fail('ERR_GATEWAY_ENVIRON_NOT_OBJECT');
  const env = environ as Record<string, unknown>;
  for (const key of REQUIRED) if (!(key in env)) fail('ERR_GATEWAY_ENVIRON_MISSING_KEY', key);
  // CGI has no such keys: the two fields the body depends on have their own names.
  if ('HTTP_CONTENT_TYPE' in env) fail('ERR_GATEWAY_ENVIRON_HTTP_CONTENT_TYPE');
  if ('HTTP_CONTENT_LENGTH' in env) fail('ERR_GATEWAY_ENVIRON_HTTP_CONTENT_LENGTH');
  for (const [key, value] of Object.entries(env)) {
    if (!key.includes('.') && typeof value !== 'string')
      fail('ERR_GATEWAY_ENVIRON_NOT_STRING', key);
  }
  const version = env['gateway.version'];
  if (!Array.isArray(version) || version.length !== 2 || version[0] !== 1 || version[1] !== 0) {
    fail('ERR_GATEWAY_ENVIRON_VERSION');
  }
  const scheme = env['gateway.url_scheme'];
  if (scheme !== 'http' && scheme !== 'https')
    fail('ERR_GATEWAY_ENVIRON_URL_SCHEME', String(scheme));
  for (const flag of ['gateway.multithread', 'gateway.multiprocess', 'gateway.run_once']) {
    if (typeof env[flag] !== 'boolean') fail('ERR_GATEWAY_ENVIRON_FLAGS', flag);
  }
  checkInputShape(env['gateway.input']);
  const errors = env['gateway.errors'] as { write?: unknown; flush?: unknown } | null | undefined;
  if (typeof errors?.write !== 'function' || typeof errors.flush !== 'function') {
    fail('ERR_GATEWAY_ERRORS_SHAPE');
  }
  if (!isToken(env.REQUEST_METHOD as string)) fail('ERR_GATEWAY_ENVIRON_METHOD');
  const script = env.SCRIPT_NAME as string;
  const path = env.PATH_INFO as string;
  if (script !== '' && !script.startsWith('/')) fail('ERR_GATEWAY_ENVIRON_SCRIPT_NAME', script);
  // "/" as SCRIPT_NAME would make SCRIPT_NAME + PATH_INFO start with "//".
  if (script === '/') fail('ERR_GATEWAY_ENVIRON_SCRIPT_NAME_ROOT');
  if (path !== '' && !path.startsWith('/')) fail('ERR_GATEWAY_ENVIRON_PATH_INFO', path);
  if (script === '' && path === '') fail('ERR_GATEWAY_ENVIRON_NO_PATH');
  const length = env.CONTENT_LENGTH;
  if (length !== undefined && length !== '' && !/^\d+$/.test(length as string)) {
    fail('ERR_GATEWAY_ENVIRON_CONTENT_LENGTH', String(length));
  }
  if (!/^\d+$/.test(env.SERVER_PORT as string)) fail('ERR_GATEWAY_ENVIRON_SERVER_PORT');
  if (!/^HTTP\/\d\.\d$/.test(env.SERVER_PROTOCOL as string)) fail('ERR_GATEWAY_ENVIRON_PROTOCOL');
}

function checkInputShape(input: unknown): void {
  const i = input as Record<string | symbol, unknown> | null | undefined;
  if (
    typeof i?.read !== 'function' ||
    typeof i.readLine !== 'function' ||
    typeof i[Symbol.asyncIterator] !== 'function'
  ) {
    fail('ERR_GATEWAY_INPUT_SHAPE');
  }
}
