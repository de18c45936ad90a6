// cookie-signature ships no types; these are the two functions the bench calls.
declare module 'cookie-signature' {
  export function sign(value: string, secret: string): string;
  export function unsign(input: string, secret: string): string | false;
  const signature: { sign: typeof sign; unsign: typeof unsign };
  export default signature;
}
