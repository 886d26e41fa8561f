// A timer that fires a little early, while the clock moves on during the tick, must still run the job.
import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../../src/scheduler/scheduler.js';
import { Store } from '../../../src/store/store.js';

let store: Store | undefined;
afterEach(() => store?.close());

describe('scheduler timer edges', () => {
  it('runs a job that becomes due between the tick and the re-arm', async () => {
    store = Store.open({ inMemory: true });
    // The clock advances 1 ms on every reading: the tick reads `now` = due - 1, the re-arm would read due.
    const base = Date.now() + 50;
    let reads = 0;
    const clock = () => base + reads++;
    const sched = new Scheduler(store, clock);
    const ran: unknown[] = [];
    sched.register('t.job', (p) => {
      ran.push(p);
    });
    sched.start();
    sched.schedule('t.job', base + 3, 'x');
    for (let i = 0; i < 50 && ran.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    sched.stop();
    expect(ran).toEqual(['x']);
  });
});
