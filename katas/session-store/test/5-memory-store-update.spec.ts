import { describe } from 'vitest';
import { MemoryStore } from '../src/index.ts';
import { storeUpdateContract } from './store-update-contract.ts';

describe('5. Memory store with idle and absolute expiry', () => {
  storeUpdateContract(5, async (clock) => new MemoryStore({ now: clock }));
});
