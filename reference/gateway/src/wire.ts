/** Small wire helpers shared by the server modules. */

let cachedSecond = -1;
let cachedDate = '';

/** The current IMF-fixdate, computed at most once a second (every response carries one). */
export function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(now).toUTCString();
  }
  return cachedDate;
}
