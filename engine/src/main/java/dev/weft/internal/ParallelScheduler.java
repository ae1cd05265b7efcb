package dev.weft.internal;

import java.util.concurrent.locks.LockSupport;

/** Every fiber is a virtual thread on the JDK's scheduler, running in parallel with the others. */
final class ParallelScheduler extends Scheduler {
    ParallelScheduler(Object loop) {
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
    void wake(Fiber f) {
        LockSupport.unpark(f.thread);
    }

    @Override
    void block(Fiber f, Waiter w, long deadline) {
        Waits.park(w, deadline);
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
