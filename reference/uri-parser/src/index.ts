export interface UriComponents {
  scheme?: string | undefined;
}

export function parse(uri: string): UriComponents {
  const m = /^([^:/?#]+):/.exec(uri);
  return { scheme: m?.[1] };
}
