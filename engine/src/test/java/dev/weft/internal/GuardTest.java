package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void a_waiter_signalled_under_the_guard_is_woken_only_when_the_guard_is_released() throws Exception {
        Guard guard = new Guard();
        WaitList list = new WaitList(guard);
        List<String> resumed = new ArrayList<>();
        AtomicReference<Waiter> a = new AtomicReference<>();
        Thread t = waitingThread("a", guard, list, resumed, a);

        guard.lock();
        try {
            assertSame(a.get(), list.signalFirst("item"), "the waiter takes the signal at once");
            assertEquals(Waiter.SIGNALLED, a.get().state());
            assertEquals(List.of(a.get()), guard.wakesPending(), "its wake-up waits for the release");
        } finally {
            guard.unlock();
        }
        t.join(); // woken by the release (the test's timeout guards a lost wake-up)
        assertEquals(List.of("a:item"), resumed);
    }

    @Test
    void a_nested_hold_wakes_at_the_outermost_release_in_the_order_of_the_signals() throws Exception {
        Guard guard = new Guard();
        WaitList list = new WaitList(guard);
        List<String> resumed = new ArrayList<>();
        AtomicReference<Waiter> a = new AtomicReference<>();
        AtomicReference<Waiter> b = new AtomicReference<>();
        Thread ta = waitingThread("a", guard, list, resumed, a);
        Thread tb = waitingThread("b", guard, list, resumed, b);

        guard.lock();
        guard.lock();
        assertSame(a.get(), list.signalFirst(1));
        assertSame(b.get(), list.signalFirst(2));
        guard.unlock(); // still held once
        assertEquals(List.of(a.get(), b.get()), guard.wakesPending(), "nothing woken before the outermost release");
        guard.unlock();
        ta.join();
        tb.join();
        assertEquals(2, resumed.size());
        assertTrue(resumed.containsAll(List.of("a:1", "b:2")), resumed.toString());
    }

    /**
     * A waiter's {@code next} link chains its list while it is listed and the guard's wake-ups
     * once signalled (one field for both keeps a waiter at 48 bytes): the waiters chained for
     * waking must not reach into the list, nor the list into them.
     */
    @Test
    void the_waiters_chained_for_waking_leave_the_rest_of_the_list_intact() throws Exception {
        Guard guard = new Guard();
        WaitList list = new WaitList(guard);
        List<String> resumed = new ArrayList<>();
        AtomicReference<Waiter> a = new AtomicReference<>();
        AtomicReference<Waiter> b = new AtomicReference<>();
        AtomicReference<Waiter> c = new AtomicReference<>();
        Thread ta = waitingThread("a", guard, list, resumed, a);
        Thread tb = waitingThread("b", guard, list, resumed, b);
        Thread tc = waitingThread("c", guard, list, resumed, c);

        guard.lock();
        try {
            assertSame(a.get(), list.signalFirst(1));
            assertSame(b.get(), list.signalFirst(2));
            assertEquals(List.of(a.get(), b.get()), guard.wakesPending());
            assertEquals(1, list.size());
            assertSame(c.get(), list.peek(), "c is still first in the list, and alone in it");
            assertTrue(list.hasWaiting());
        } finally {
            guard.unlock();
        }
        ta.join();
        tb.join();
        guard.lock();
        try {
            assertSame(c.get(), list.peek(), "the wake-ups took nothing out of the list");
            assertSame(c.get(), list.signalFirst(3));
            assertTrue(list.isEmpty());
        } finally {
            guard.unlock();
        }
        tc.join();
        assertEquals(List.of("a:1", "b:2", "c:3"), resumed.stream().sorted().toList());
    }

    @Test
    void a_waiter_still_in_its_list_is_refused_a_signal() throws Exception {
        Guard guard = new Guard();
        WaitList list = new WaitList(guard);
        List<String> resumed = new ArrayList<>();
        AtomicReference<Waiter> a = new AtomicReference<>();
        Thread t = waitingThread("a", guard, list, resumed, a);

        guard.lock();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.signal(a.get(), "item"));
            assertTrue(e.getMessage().contains("still in a wait list"), e.getMessage());
            assertEquals(Waiter.WAITING, a.get().state(), "the refused signal decided nothing");
            assertSame(a.get(), list.signalFirst("item"), "taken out first, it is signalled");
        } finally {
            guard.unlock();
        }
        t.join();
        assertEquals(List.of("a:item"), resumed);
    }
}
