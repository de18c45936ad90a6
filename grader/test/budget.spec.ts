/**
 * The kata budget is CPU time (spawn.ts): the CPU of the child's whole process tree, reaped
 * processes included, so a loaded machine cannot spend an honest kata's budget.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { treeCpuMs } from '../src/spawn.ts';

const linux = treeCpuMs(process.pid) !== undefined;

// A parent that starts a child which burns 600 ms of its own CPU (however long that takes on a
// loaded machine) and exits; the parent reaps it, says so, and sleeps.
const PARENT = `
const { spawnSync } = require('node:child_process');
spawnSync(process.execPath, ['-e', 'while (process.cpuUsage().user + process.cpuUsage().system < 600000) {}']);
console.log('reaped');
setTimeout(() => {}, 30000);
`;

describe.runIf(linux)('treeCpuMs', () => {
  it('counts the CPU of a reaped grandchild, however slowly it got it', async () => {
    const parent = spawn(process.execPath, ['-e', PARENT], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await once(parent.stdout, 'data');
      expect(treeCpuMs(parent.pid!)).toBeGreaterThanOrEqual(600);
    } finally {
      parent.kill('SIGKILL');
      await once(parent, 'exit');
    }
  }, 60_000);

  it('says nothing about a process that is not there', () => {
    expect(treeCpuMs(2 ** 30)).toBeUndefined();
  });
});
