/**
 * Errors nobody caught while some work ran: an `'error'` event emitted with no listener, a throw
 * in a socket callback. Specs use it to require that an implementation handles its own failures
 * ("listen for 'error'") instead of crashing the process that hosts it.
 */

/**
 * Runs `work`, then lets the event loop turn once (and wait `settleMs` more, for errors that
 * arrive on a later I/O event), and returns every uncaught exception seen meanwhile; [] when none.
 * The listener is removed afterwards, also when `work` throws.
 */
export async function uncaughtDuring(work: () => Promise<void>, settleMs = 0): Promise<unknown[]> {
  const seen: unknown[] = [];
  const record = (error: unknown): void => {
    seen.push(error);
  };
  process.on('uncaughtException', record);
  try {
    await work();
    await new Promise((resolve) => setImmediate(resolve));
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    process.off('uncaughtException', record);
  }
  return seen;
}
