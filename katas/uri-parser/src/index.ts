import { notImplemented } from '@hbu/kata-kit/not-implemented';

export interface UriComponents {
  scheme?: string | undefined;
}

// TODO: README §1
export function parse(uri: string): UriComponents {
  return notImplemented(`parse(${JSON.stringify(uri)})`, 1);
}
