package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Event;
import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
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

    @Test
    void a_fiber_counted_as_parked_is_not_runnable_until_it_counts_itself_back() throws Exception {
        FiberRegistry registry = new FiberRegistry();
        CountDownLatch release = new CountDownLatch(1);
        List<Fiber> live = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Fiber f = held(release);
            live.add(f);
            assertTrue(registry.add(f, true));
        }
        assertTrue(registry.runnableAtMost(3));
        assertFalse(registry.runnableAtMost(2), "three live fibers, none parked");
        registry.parking(live.get(0), 1);
        assertTrue(registry.runnableAtMost(2), "one of three parked");
        assertFalse(registry.runnableAtMost(1));
        registry.parking(live.get(1), 1);
        assertTrue(registry.runnableAtMost(1));
        registry.parking(live.get(0), -1);
        registry.parking(live.get(1), -1);
        assertFalse(registry.runnableAtMost(2), "both ran again");
        for (Fiber f : live) {
            registry.exit(f);
        }
        assertTrue(registry.runnableAtMost(0));
        release.countDown();
        registry.joinExited();
    }

    @Test
    void tasks_parked_in_a_weft_wait_of_a_parallel_loop_count_as_parked() {
        Scheduler[] scheduler = new Scheduler[1];
        try (Loop loop = Loop.parallel()) {
            loop.run(() -> {
                Event go = new Event();
                Fiber[] fibers = new Fiber[3];
                List<Task<Void>> waiting = new ArrayList<>();
                for (int i = 0; i < fibers.length; i++) {
                    int k = i;
                    waiting.add(Weft.spawn(() -> {
                        fibers[k] = Fiber.current();
                        go.await();
                    }));
                }
                for (int i = 0; i < fibers.length; i++) {
                    while (fibers[i] == null || !parkedInAWait(fibers[i])) {
                        Weft.sleep(Duration.ZERO);
                    }
                }
                Scheduler s = Fiber.current().scheduler;
                scheduler[0] = s;
                assertTrue(s.runnableAtMost(1), "four live tasks, three parked in Event.await");
                assertFalse(s.runnableAtMost(0), "the task asking runs");
                go.set();
                Weft.gather(waiting);
            });
        }
        assertTrue(scheduler[0].runnableAtMost(0), "closed: no live task");
        assertFalse(scheduler[0].runnableAtMost(-1), "every task that counted itself parked counted itself back");
    }

    /**
     * Whether {@code f}'s thread has parked in a weft wait: from the wait's start to its park a
     * fiber can only spin on its own lock, so WAITING with a wait in progress is the park itself,
     * which comes after the count.
     */
    private static boolean parkedInAWait(Fiber f) {
        Waiter w = f.waiter();
        return f.thread().getState() == Thread.State.WAITING && w != null && w.isWaiting();
    }
}
