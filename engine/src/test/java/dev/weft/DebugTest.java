package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * weft's debug aids: {@link Loop#dump()}, "Task exception was never retrieved", and the slow-task
 * warning of debug mode. Log output is captured by swapping {@code System.err}: slf4j-simple (as
 * configured for the tests, without {@code cacheOutputStream}) looks it up at every log call.
 */
@Timeout(120) // hang guard only
class DebugTest {
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    /** A name no other test uses, so that stray log lines of other tests cannot match. */
    private static String unique(String prefix) {
        return prefix + "-" + UNIQUE.incrementAndGet() + "-" + System.nanoTime();
    }

    /** An output stream that keeps what is written and opens a latch once the text matches. */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Predicate<String> until;
        final CountDownLatch matched = new CountDownLatch(1);

        Capture(Predicate<String> until) {
            this.until = until;
        }

        @Override
        public synchronized void write(int b) {
            buf.write(b);
            check();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buf.write(b, off, len);
            check();
        }

        private void check() {
            if (matched.getCount() > 0 && until.test(text())) {
                matched.countDown();
            }
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code r} with {@code System.err} captured; returns what was written to it. */
    private static String captureStderr(Runnable r) {
        Capture c = new Capture(s -> false);
        PrintStream old = System.err;
        System.setErr(new PrintStream(c, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return c.text();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    // ---- dump -------------------------------------------------------------------------------

    /** A frame of this class that the dump must show on the blocked task's stack. */
    private static void acquireAndRelease(Lock lock) {
        lock.acquire();
        lock.release();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void dump_shows_a_task_blocked_on_a_lock_with_the_lock_and_its_own_stack(Mode mode) {
        try (Loop loop = mode.loop()) {
            loop.run(() -> {
                Lock lock = new Lock("guarded");
                lock.acquire();
                Task<Void> t = Weft.spawn("blocked-on-lock", () -> acquireAndRelease(lock));
                Tasks.awaitBlocked(t);
                String dump = loop.dump();
                String expectedHeader = switch (mode) {
                    case PARALLEL -> "Loop[parallel, 2 live tasks]";
                    case COOPERATIVE -> "Loop[cooperative, 2 live tasks]";
                    case VIRTUAL_TIME -> "Loop[cooperative, virtual time, 2 live tasks]";
                };
                assertTrue(dump.startsWith(expectedHeader + "\n"), dump);
                assertTrue(dump.contains("- blocked-on-lock: waiting on " + lock + "\n"), dump);
                assertTrue(lock.toString().contains("Lock(guarded)[locked"), lock::toString);
                // the task's own frames, below the waiting machinery
                String section = dump.substring(dump.indexOf("- blocked-on-lock:"));
                int next = section.indexOf("\n- ", 1);
                if (next > 0) {
                    section = section.substring(0, next);
                }
                assertTrue(section.contains("at dev.weft.DebugTest.acquireAndRelease(DebugTest.java:"), dump);
                assertTrue(section.contains("at dev.weft.Lock.acquire("), dump);
                // the waiting machinery and the thread's start are left out: the first frame is
                // the weft call it waits in
                assertTrue(section.lines().skip(1).findFirst().orElseThrow().contains("at dev.weft.Lock.acquire("), section);
                assertFalse(section.contains("dev.weft.internal."), section);
                assertFalse(section.contains("java.lang.VirtualThread"), section);
                assertFalse(section.contains("at dev.weft.Task."), section); // the start-up frames below the body
                lock.release();
                t.await();
                assertFalse(loop.dump().contains("blocked-on-lock"), loop::dump);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void dump_names_the_queue_event_or_task_a_task_waits_on(Mode mode) {
        try (Loop loop = mode.loop()) {
            loop.run(() -> {
                Queue<String> q = new Queue<>();
                Event ev = new Event();
                Task<String> getter = Weft.spawn("q-getter", q::get);
                Task<Boolean> eventWaiter = Weft.spawn("ev-waiter", ev::await);
                Task<String> awaiter = Weft.spawn("awaiter", getter::await);
                Tasks.awaitBlocked(getter);
                Tasks.awaitBlocked(eventWaiter);
                Tasks.awaitBlocked(awaiter);
                String dump = loop.dump();
                assertTrue(dump.contains("- q-getter: waiting on " + q + "\n"), dump);
                assertTrue(dump.contains("- ev-waiter: waiting on " + ev + "\n"), dump);
                assertTrue(dump.contains("- awaiter: waiting on " + getter + "\n"), dump);
                assertTrue(getter.toString().contains("q-getter"), getter::toString);
                q.put("x");
                ev.set();
                assertEquals("x", awaiter.await());
                eventWaiter.await();
            });
        }
    }

    @Test
    void dump_of_a_cancelled_task_still_unwinding_shows_its_cancelling_count() {
        try (Loop loop = Mode.COOPERATIVE.loop()) {
            loop.run(() -> {
                Event unwound = new Event();
                Task<Void> t = Weft.spawn("stubborn", () -> {
                    try {
                        new Event().await();
                    } finally {
                        unwound.await(); // keeps unwinding until the test lets it go
                    }
                });
                Tasks.awaitBlocked(t);
                t.cancel();
                Weft.sleep(Duration.ZERO);
                Tasks.awaitBlocked(t);
                String dump = loop.dump();
                assertTrue(dump.contains("- stubborn: waiting on " + unwound + " (cancelling=1)\n"), dump);
                unwound.set();
                assertThrows(CancelledException.class, t::await);
            });
        }
    }

    // ---- never retrieved --------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_failure_nobody_retrieved_is_logged_once_at_warn_when_the_loop_closes(Mode mode) {
        String name = unique("doomed");
        AtomicReference<Task<Void>> keep = new AtomicReference<>(); // not collected before close
        Loop loop = mode.loop();
        String log;
        try {
            loop.run(() -> {
                Task<Void> t = Weft.spawn(name, () -> {
                    throw new IllegalStateException("boom of " + name);
                });
                Tasks.awaitDone(t);
                keep.set(t);
            });
            log = captureStderr(loop::close);
        } finally {
            loop.close();
        }
        String message = "Task exception was never retrieved: task " + name;
        assertEquals(1, count(log, message), log);
        String line = log.lines().filter(l -> l.contains(message)).findFirst().orElseThrow();
        assertTrue(line.contains("WARN"), line);
        assertTrue(log.contains("java.lang.IllegalStateException: boom of " + name), log);
        assertTrue(keep.get().isDone());
        // it was settled: closing again (a no-op) logs nothing more
        assertEquals("", captureStderr(loop::close));
    }

    @Test
    void a_loop_built_with_onUnretrievedFailure_hands_the_report_to_it_instead_of_logging() {
        String name = unique("handled");
        List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<Task<Void>> keep = new AtomicReference<>();
        Loop loop = Loop.builder().virtualTime()
                .onUnretrievedFailure((task, error) -> reports.add(task + ": " + error.getMessage()))
                .build();
        String log;
        try {
            loop.run(() -> {
                Task<Void> t = Weft.spawn(name, () -> {
                    throw new IllegalStateException("boom");
                });
                Task<Void> retrieved = Weft.spawn(() -> {
                    throw new IllegalStateException("seen");
                });
                Tasks.awaitDone(t);
                Tasks.awaitDone(retrieved);
                retrieved.exception();
                keep.set(t);
            });
            assertEquals(List.of(), reports); // reported at close, not when the task fails
            log = captureStderr(loop::close);
        } finally {
            loop.close();
        }
        assertEquals(List.of(name + ": boom"), reports);
        assertFalse(log.contains(name), log);
        assertTrue(keep.get().isDone());
    }

    enum Retrieval {
        AWAIT {
            @Override
            void retrieve(Task<Void> t) {
                assertThrows(IllegalStateException.class, t::await);
            }
        },
        RESULT {
            @Override
            void retrieve(Task<Void> t) {
                assertThrows(IllegalStateException.class, t::result);
            }
        },
        EXCEPTION {
            @Override
            void retrieve(Task<Void> t) {
                assertTrue(t.exception() instanceof IllegalStateException);
            }
        },
        GATHER {
            @Override
            void retrieve(Task<Void> t) {
                assertThrows(IllegalStateException.class, () -> Weft.gather(List.of(t)));
            }
        },
        GATHER_SETTLED {
            @Override
            void retrieve(Task<Void> t) {
                assertTrue(Weft.gatherSettled(List.of(t)).get(0) instanceof Outcome.Failure<Void>);
            }
        },
        GET {
            @Override
            void retrieve(Task<Void> t) {
                assertThrows(java.util.concurrent.ExecutionException.class, t::get);
            }
        };

        abstract void retrieve(Task<Void> t);
    }

    static Stream<Arguments> retrievalsAndModes() {
        return Mode.withEach(Retrieval.values());
    }

    @ParameterizedTest
    @MethodSource("retrievalsAndModes")
    void a_failure_that_was_retrieved_is_not_logged(Retrieval retrieval, Mode mode) {
        String name = unique("retrieved-" + retrieval);
        AtomicReference<Task<Void>> keep = new AtomicReference<>();
        Loop loop = mode.loop();
        String log;
        try {
            loop.run(() -> {
                Task<Void> t = Weft.spawn(name, () -> {
                    throw new IllegalStateException("boom of " + name);
                });
                Tasks.awaitDone(t);
                retrieval.retrieve(t);
                keep.set(t);
            });
            log = captureStderr(loop::close);
        } finally {
            loop.close();
        }
        assertFalse(log.contains(name), log);
        assertTrue(keep.get().isDone());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_failure_retrieved_before_it_happened_by_a_waiting_await_is_not_logged(Mode mode) {
        String name = unique("awaited");
        Loop loop = mode.loop();
        String log;
        try {
            loop.run(() -> {
                Event go = new Event();
                Task<Void> t = Weft.spawn(name, () -> {
                    go.await();
                    throw new IllegalStateException("boom");
                });
                Task<Void> awaiter = Weft.spawn(() -> {
                    assertThrows(IllegalStateException.class, t::await);
                });
                Tasks.awaitBlocked(awaiter);
                go.set();
                awaiter.await();
            });
            log = captureStderr(loop::close);
        } finally {
            loop.close();
        }
        assertFalse(log.contains(name), log);
    }

    // asyncio: gather's _done_callback marks the exception of a child that fails once the gather
    // is over retrieved ("Mark exception retrieved.")
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_gathered_task_failing_after_gather_threw_another_failure_is_not_logged(Mode mode) {
        String name = unique("late");
        AtomicReference<Task<Void>> keep = new AtomicReference<>();
        Loop loop = mode.loop();
        String log;
        try {
            loop.run(() -> {
                Event go = new Event();
                Task<Void> first = Weft.spawn(() -> {
                    throw new IllegalStateException("first");
                });
                Task<Void> late = Weft.spawn(name, () -> {
                    go.await();
                    throw new IllegalStateException("boom of " + name);
                });
                assertEquals("first", assertThrows(IllegalStateException.class, () -> Weft.gather(first, late))
                        .getMessage());
                go.set();
                Tasks.awaitDone(late);
                keep.set(late);
            });
            log = captureStderr(loop::close);
        } finally {
            loop.close();
        }
        assertFalse(log.contains(name), log);
        assertTrue(keep.get().isDone());
    }

    // ---- slow task warning --------------------------------------------------------------------

    /** A frame of this class that the warning must show: spins without a suspension point. */
    // weft: in debug mode the dump names the line that created each task
    @ParameterizedTest
    @EnumSource(Mode.class)
    void in_debug_mode_the_dump_names_the_line_that_created_the_task(Mode mode) {
        try (Loop loop = Loop.builder().cooperative().debug(true).build();
                Loop parallel = Loop.builder().debug(true).build()) {
            Loop l = mode == Mode.PARALLEL ? parallel : loop;
            Event never = new Event();
            Task<Boolean> t = l.submit(never::await); // the creation site this test looks for
            while (!Tasks.isBlocked(t)) {
                Thread.onSpinWait();
            }
            String dump = l.dump();
            assertTrue(dump.contains("    created at dev.weft.DebugTest.in_debug_mode_the_dump_names_the_line_that_created_the_task(DebugTest.java:"),
                    dump);
            t.cancel();
        }
    }

    private static void spinUntilReleased(AtomicBoolean released) {
        while (!released.get()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void debug_mode_warns_about_a_cooperative_task_that_holds_the_loop_too_long() throws InterruptedException {
        String name = unique("hog");
        AtomicBoolean released = new AtomicBoolean();
        Capture capture = new Capture(s -> s.contains(name) && s.contains("spinUntilReleased"));
        PrintStream old = System.err;
        System.setErr(new PrintStream(capture, true, StandardCharsets.UTF_8));
        Loop loop = Loop.builder().cooperative().debug(true).slowTaskThreshold(Duration.ofMillis(50)).build();
        boolean warned;
        try {
            Task<Void> hog = loop.run(() -> Weft.spawn(name, () -> spinUntilReleased(released)));
            // No timing assertion: the task spins until the warning is there; the bound is a hang guard.
            warned = capture.matched.await(60, TimeUnit.SECONDS);
            released.set(true);
            loop.close();
            assertTrue(hog.isDone());
        } finally {
            released.set(true);
            loop.close();
            System.setErr(old);
        }
        String log = capture.text();
        assertTrue(warned, () -> "no slow-task warning in: " + log);
        String line = log.lines().filter(l -> l.contains(name)).findFirst().orElseThrow();
        assertTrue(line.contains("WARN"), line);
        assertTrue(line.contains("without reaching a suspension point"), line);
        assertTrue(line.contains("slowTaskThreshold 50 ms"), line);
        assertTrue(log.contains("at dev.weft.DebugTest.spinUntilReleased(DebugTest.java:"), log);
        assertEquals(1, count(log, "without reaching a suspension point"), log); // once per turn
    }

    // SPEC 4.2: "reported ... when its loop closes or it is garbage-collected". A loop that stays
    // open must not keep finished tasks reachable, and the report must come from the collector.
    @Test
    void a_failed_task_nobody_retrieved_is_reported_when_it_is_garbage_collected() throws InterruptedException {
        String name = unique("collected");
        Capture capture = new Capture(s -> s.contains("Task exception was never retrieved") && s.contains(name));
        PrintStream old = System.err;
        System.setErr(new PrintStream(capture, true, StandardCharsets.UTF_8));
        boolean reported = false;
        try (Loop loop = Loop.parallel()) {
            loop.run(() -> {
                Weft.spawn(name, () -> {
                    throw new IllegalStateException("nobody looks at this");
                });
                for (int i = 0; i < 16; i++) {
                    Weft.spawn(() -> 1).await(); // finished tasks the loop may forget, and the failed one with them
                }
            });
            // No timing assertion: collect until the report appears; the bound is a hang guard.
            for (int i = 0; i < 200 && !reported; i++) {
                System.gc();
                reported = capture.matched.await(50, TimeUnit.MILLISECONDS);
            }
            assertTrue(reported, () -> "no report after 200 collections:\n" + capture.text());
        } finally {
            System.setErr(old);
        }
        assertEquals(1, count(capture.text(), "Task exception was never retrieved: task " + name), capture.text());
    }
}
