/**
 * cgi-runner — reference solution. RFC 3875 CGI/1.1 behind the static server of kata 9.
 */
export { CgiError, type CgiErrorCode, statusFor } from './errors.ts';
export { mapScript, type ScriptMatch } from './map-script.ts';
export { cgiEnvironment, isindexArgv } from './meta-variables.ts';
export type { CgiServerOptions } from './options.ts';
export { parseCgiResponseHead } from './response-head.ts';
export { isNph, runCgi } from './run.ts';
export { createCgiServer } from './server.ts';
export type { CgiOptions, CgiRequest, CgiResponse, CgiResponseHead } from './types.ts';
