package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@link FiberRegistry}: a fiber that exits leaves the live set at once, and its thread, which
 * still runs a few instructions after that, is kept until it has ended, so that the loop's close
 * can join it. The threads here exit while they are held running on purpose.
 */
class FiberRegistryTest {
    /** A fiber whose started thread runs until {@code release} opens. */
    private static Fiber held(CountDownLatch release) {
        Fiber f = new Fiber(Scheduler.parallel(null), null) {
            @Override
            public Task<?> task() {
                return null;
            }

            @Override
            protected void runBody() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        f.thread().start();
        return f;
    }

    @Test
    void every_exited_thread_that_still_runs_is_kept_and_slots_are_reused_once_theirs_ended() throws Exception {
        FiberRegistry registry = new FiberRegistry();
        List<Fiber> running = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 100; i++) {
            running.add(held(release));
        }
        for (Fiber f : running) {
            assertTrue(registry.add(f, true));
        }
        for (Fiber f : running) {
            registry.exit(f);
        }
        assertTrue(registry.isEmpty(), "exited fibers are no longer live");
        List<Thread> kept = registry.exitedThreads();
        for (Fiber f : running) {
            assertTrue(f.thread().isAlive());
            assertTrue(kept.contains(f.thread()), "100 threads still running, more than the first rings hold: all kept");
        }
        int slots = registry.exitedSlots();

        release.countDown();
        for (Fiber f : running) {
            f.thread().join();
        }
        CountDownLatch second = new CountDownLatch(1);
        List<Fiber> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Fiber f = held(second);
            next.add(f);
            registry.add(f, true);
            registry.exit(f);
        }
        kept = registry.exitedThreads();
        for (Fiber f : next) {
            assertTrue(kept.contains(f.thread()));
        }
        assertEquals(slots, registry.exitedSlots(), "slots of ended threads are reused, not added");
        second.countDown();
        registry.joinExited();
        for (Fiber f : next) {
            assertFalse(f.thread().isAlive(), "joinExited returns once every kept thread has ended");
        }
    }
}
