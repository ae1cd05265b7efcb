package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Guard}: a waiter signalled under the guard has its wait decided at once but is woken only
 * when the guard is released (its outermost hold), in the order the waiters were signalled.
 * Woken earlier, a waiter on another core runs into the lock its waker still holds. The tests
 * read the guard's pending wake-ups while they hold it, so they assert order, not timing.
 */
class GuardTest {
    /** A plain thread waiting on {@code list}; it records its name and what it received when it resumes. */
    private static Thread waitingThread(String name, Guard guard, WaitList list, List<String> resumed,
                                        AtomicReference<Waiter> waiter) throws InterruptedException {
        CountDownLatch queued = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().name(name).start(() -> {
            Waiter w = Waiter.current("test");
            guard.lock();
            try {
                list.add(w);
            } finally {
                guard.unlock();
            }
            waiter.set(w);
            queued.countDown();
            boolean signalled = Waits.await(w, Waits.NO_DEADLINE, list);
            synchronized (resumed) {
                resumed.add(name + (signalled ? ":" + w.value() : ":not signalled"));
            }
        });
        queued.await();
        return t;
    }

    /** A guard, its wait list, and plain threads queued on it in order, each noting what it received. */
    private static final class Scene {
        final Guard guard = new Guard();
        final WaitList list = new WaitList(guard);
        final List<String> resumed = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        /** Queues a thread named {@code name} and returns its waiter. */
        Waiter queue(String name) throws InterruptedException {
            AtomicReference<Waiter> w = new AtomicReference<>();
            threads.add(waitingThread(name, guard, list, resumed, w));
            return w.get();
        }

        /** Waits for every queued thread to resume (the test's timeout guards a lost wake-up). */
        List<String> resumedSorted() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            synchronized (resumed) {
                return resumed.stream().sorted().toList();
            }
        }
    }

    @Test
    void a_waiter_signalled_under_the_guard_is_woken_only_when_the_guard_is_released() throws Exception {
        Scene scene = new Scene();
        Waiter a = scene.queue("a");

        scene.guard.lock();
        try {
            assertSame(a, scene.list.signalFirst("item"), "the waiter takes the signal at once");
            assertEquals(Waiter.SIGNALLED, a.state());
            assertEquals(List.of(a), scene.guard.wakesPending(), "its wake-up waits for the release");
        } finally {
            scene.guard.unlock();
        }
        assertEquals(List.of("a:item"), scene.resumedSorted()); // woken by the release
    }

    @Test
    void a_nested_hold_wakes_at_the_outermost_release_in_the_order_of_the_signals() throws Exception {
        Scene scene = new Scene();
        Waiter a = scene.queue("a");
        Waiter b = scene.queue("b");

        scene.guard.lock();
        scene.guard.lock();
        assertSame(a, scene.list.signalFirst(1));
        assertSame(b, scene.list.signalFirst(2));
        scene.guard.unlock(); // still held once
        assertEquals(List.of(a, b), scene.guard.wakesPending(), "nothing woken before the outermost release");
        scene.guard.unlock();
        assertEquals(List.of("a:1", "b:2"), scene.resumedSorted());
    }

    /**
     * A waiter's {@code next} link chains its list while it is listed and the guard's wake-ups
     * once signalled (one field for both keeps a waiter at 48 bytes): the waiters chained for
     * waking must not reach into the list, nor the list into them.
     */
    @Test
    void the_waiters_chained_for_waking_leave_the_rest_of_the_list_intact() throws Exception {
        Scene scene = new Scene();
        Waiter a = scene.queue("a");
        Waiter b = scene.queue("b");
        Waiter c = scene.queue("c");

        scene.guard.lock();
        try {
            assertSame(a, scene.list.signalFirst(1));
            assertSame(b, scene.list.signalFirst(2));
            assertEquals(List.of(a, b), scene.guard.wakesPending());
            assertEquals(1, scene.list.size());
            assertSame(c, scene.list.peek(), "c is still first in the list, and alone in it");
            assertTrue(scene.list.hasWaiting());
        } finally {
            scene.guard.unlock();
        }
        scene.guard.lock();
        try {
            assertSame(c, scene.list.peek(), "the wake-ups took nothing out of the list");
            assertSame(c, scene.list.signalFirst(3));
            assertTrue(scene.list.isEmpty());
        } finally {
            scene.guard.unlock();
        }
        assertEquals(List.of("a:1", "b:2", "c:3"), scene.resumedSorted());
    }

    @Test
    void a_waiter_still_in_its_list_is_refused_a_signal() throws Exception {
        Scene scene = new Scene();
        Waiter a = scene.queue("a");

        scene.guard.lock();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> scene.guard.signal(a, "item"));
            assertTrue(e.getMessage().contains("still in a wait list"), e.getMessage());
            assertEquals(Waiter.WAITING, a.state(), "the refused signal decided nothing");
            assertSame(a, scene.list.signalFirst("item"), "taken out first, it is signalled");
        } finally {
            scene.guard.unlock();
        }
        assertEquals(List.of("a:item"), scene.resumedSorted());
    }

    @Test
    void a_waiter_joins_one_list_and_is_removed_once() {
        // A waiter knows it is listed by its own links (it keeps no reference to its list).
        Guard guard = new Guard();
        WaitList list = new WaitList(guard);
        Waiter a = Waiter.current("a");
        Waiter b = Waiter.current("b");
        guard.lock();
        try {
            assertFalse(list.remove(a), "never added");
            list.add(a);
            list.add(b);
            assertThrows(IllegalStateException.class, () -> list.add(a));
            assertEquals(2, list.size());
            assertTrue(list.remove(a));
            assertFalse(list.remove(a), "removed already");
            assertSame(b, list.peek());
            assertEquals(1, list.size());
            list.add(a); // back at the end after leaving
            assertTrue(list.remove(b));
            assertSame(a, list.peek());
            assertTrue(list.remove(a));
            assertTrue(list.isEmpty());
        } finally {
            guard.unlock();
        }
    }
}
