import { hint } from '@hbu/kata-kit/expect-code';
import { describe } from 'vitest';
import { MemoryStore } from '../src/index.ts';
import { storeContract } from './store-contract.ts';
import { storeUpdateContract } from './store-update-contract.ts';

describe('5. Memory store with idle and absolute expiry', () => {
  storeContract(
    async (clock) => new MemoryStore({ now: clock }),
    hint(5, 'store the JSON and the expiry; alive means now() < expiresAt'),
  );
  storeUpdateContract(5, async (clock) => new MemoryStore({ now: clock }));
});
