package dev.weft.internal;

import dev.weft.Loop;

/** Every fiber is a virtual thread on the JDK's scheduler, running in parallel with the others. */
final class ParallelScheduler extends Scheduler {
    ParallelScheduler(Loop loop) {
        super(loop);
    }

    @Override
    public long now() {
        return System.nanoTime();
    }

    @Override
    public boolean isCooperative() {
        return false;
    }

    @Override
    void launch(Fiber f) {
        f.thread.start();
    }

    @Override
    void wake(Fiber f, Waiter w) {
        w.wakeParked();
    }

    @Override
    void block(Fiber f, Waiter w, long deadline) {
        if (!(Spin.ENABLED || (Spin.HAND_OFFS && w.handOffSoon() && runnableAtMost(Spin.CARRIERS)))) {
            Waits.park(w, deadline, parkCount());
        } else if (!Spin.untilWoken(f, w)) {
            long parked = System.nanoTime();
            Waits.park(w, deadline, parkCount());
            Spin.parked(f, System.nanoTime() - parked);
        }
    }

    @Override
    void yieldNow(Fiber f, Waiter w) {
        Thread.yield();
    }

    @Override
    public TimerHandle schedule(long deadline, Runnable action) {
        return RealTimers.schedule(deadline, action);
    }
}
