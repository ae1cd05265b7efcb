package dev.weft;

import static dev.weft.Tasks.events;
import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** asyncio's async generators as {@link Weft#generate}: lazy, ordered, closable. */
@Timeout(120) // hang guard only
class GeneratorTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void items_come_out_in_the_order_they_were_emitted(Mode mode) {
        List<Integer> got = Tasks.run(mode, () -> {
            List<Integer> r = new ArrayList<>();
            try (Generator<Integer> g = Weft.generate(out -> {
                for (int i = 0; i < 5; i++) {
                    out.emit(i);
                }
            })) {
                for (int x : g) {
                    r.add(x);
                }
                assertFalse(g.hasNext());
                assertThrows(NoSuchElementException.class, g::next);
            }
            return r;
        });
        assertEquals(List.of(0, 1, 2, 3, 4), got);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_producer_runs_only_when_the_consumer_asks(Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            try (Generator<Integer> g = Weft.generate(out -> {
                for (int i = 0; i < 3; i++) {
                    events.add("produce " + i);
                    out.emit(i);
                    events.add("resumed after " + i);
                }
                events.add("producer end");
            })) {
                events.add("created");
                for (int k = 0; k < 3; k++) {
                    Weft.sleep(Duration.ZERO); // the producer gets turns, but nobody asked yet
                }
                for (;;) {
                    events.add("hasNext?");
                    boolean more = g.hasNext();
                    events.add("hasNext=" + more);
                    if (!more) {
                        break;
                    }
                    Weft.sleep(Duration.ZERO);
                    events.add("got " + g.next());
                    Weft.sleep(Duration.ZERO);
                }
            }
        });
        assertEquals(List.of(
                "created",
                "hasNext?", "produce 0", "hasNext=true", "got 0",
                "hasNext?", "resumed after 0", "produce 1", "hasNext=true", "got 1",
                "hasNext?", "resumed after 1", "produce 2", "hasNext=true", "got 2",
                "hasNext?", "resumed after 2", "producer end", "hasNext=false"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void breaking_out_of_the_loop_closes_the_generator_and_the_producer_unwinds_first(Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            try (Generator<Integer> g = Weft.generate(out -> {
                try {
                    for (int i = 0;; i++) {
                        out.emit(i);
                    }
                } catch (CancelledException e) {
                    events.add("producer cancelled");
                    throw e;
                } finally {
                    events.add("producer finally");
                }
            })) {
                for (int x : g) {
                    events.add("got " + x);
                    if (x == 2) {
                        break;
                    }
                }
            }
            events.add("closed");
        });
        assertEquals(List.of("got 0", "got 1", "got 2", "producer cancelled", "producer finally", "closed"), events);
    }

    // Issue 6.3's sibling: like Loop.close(), Generator.close() finishes closing when its caller
    // is cancelled meanwhile (the producer is still unwinding), then keeps the cancel pending.
    @ParameterizedTest
    @EnumSource(Mode.class)
    void close_cancelled_while_the_producer_unwinds_still_waits_for_it_then_keeps_the_cancel_pending(Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            Event unwound = new Event();
            Task<Void> consumer = Weft.spawn(() -> {
                Generator<Integer> g = Weft.generate(out -> {
                    try {
                        out.emit(1);
                        out.emit(2);
                    } finally {
                        events.add("producer cleaning up");
                        unwound.await();
                        events.add("producer finally done");
                    }
                });
                g.next();
                g.close();
                events.add("close returned");
                Weft.sleep(Duration.ZERO); // the cancel that came during close() lands here
                events.add("not reached");
            });
            until(() -> events.contains("producer cleaning up"));
            Tasks.awaitBlocked(consumer);

            consumer.cancel("stop");
            unwound.set();
            CancelledException e = assertThrows(CancelledException.class, consumer::await);
            assertEquals("stop", e.getMessage());
        });
        assertEquals(List.of("producer cleaning up", "producer finally done", "close returned"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void close_is_idempotent_and_ends_the_iteration(Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            Generator<Integer> g = Weft.generate(out -> {
                try {
                    out.emit(1);
                    out.emit(2);
                } finally {
                    events.add("producer finally");
                }
            });
            assertEquals(1, g.next());
            g.close();
            assertEquals(List.of("producer finally"), events);
            g.close();
            assertFalse(g.hasNext());
            assertThrows(NoSuchElementException.class, g::next);
        });
        assertEquals(List.of("producer finally"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void closing_a_generator_nobody_asked_anything_never_runs_its_body(Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            Generator<Integer> g = Weft.generate(out -> {
                events.add("body ran");
                out.emit(1);
            });
            Weft.sleep(Duration.ZERO);
            g.close();
        });
        assertEquals(List.of(), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_unchecked_exception_of_the_producer_surfaces_from_next_as_the_same_object(Mode mode) {
        Tasks.run(mode, () -> {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            try (Generator<Integer> g = Weft.generate(out -> {
                out.emit(1);
                throw boom;
            })) {
                assertEquals(1, g.next());
                assertTrue(g.hasNext()); // the failure is still to come
                assertSame(boom, assertThrows(IllegalArgumentException.class, g::next));
                assertFalse(g.hasNext());
            } // close does not throw it again
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_checked_exception_of_the_producer_surfaces_from_next_wrapped(Mode mode) {
        Tasks.run(mode, () -> {
            IOException io = new IOException("disk gone");
            try (Generator<String> g = Weft.generate(out -> {
                out.emit("line");
                throw io;
            })) {
                assertEquals("line", g.next());
                TaskFailedException e = assertThrows(TaskFailedException.class, g::next);
                assertSame(io, e.getCause());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void close_rethrows_a_failure_of_the_producer_the_consumer_had_not_seen(Mode mode) {
        Tasks.run(mode, () -> {
            IllegalStateException boom = new IllegalStateException("boom");
            Generator<Integer> g = Weft.generate(out -> {
                out.emit(1);
                throw boom;
            });
            assertEquals(1, g.next());
            assertTrue(g.hasNext()); // the producer has failed by now
            assertSame(boom, assertThrows(IllegalStateException.class, g::close));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_consumer_cancelled_while_it_waits_for_an_item_closes_the_producer(Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            Event never = new Event();
            Task<Integer> consumer = Weft.spawn("consumer", () -> {
                try (Generator<Integer> g = Weft.generate(out -> {
                    try {
                        events.add("producing");
                        never.await();
                        out.emit(1);
                    } finally {
                        events.add("producer finally");
                    }
                })) {
                    return g.next();
                }
            });
            until(() -> !events.isEmpty() && Tasks.isBlocked(consumer));
            consumer.cancel();
            assertThrows(CancelledException.class, consumer::await);
            assertTrue(consumer.isCancelled());
        });
        assertEquals(List.of("producing", "producer finally"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_generator_is_iterable_only_once(Mode mode) {
        Tasks.run(mode, () -> {
            try (Generator<Integer> g = Weft.generate(out -> out.emit(1))) {
                assertSame(g, g.iterator());
                IllegalStateException e = assertThrows(IllegalStateException.class, g::iterator);
                assertTrue(e.getMessage().contains("once"), e::getMessage);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void emitting_null_fails_the_producer_with_a_null_pointer_exception(Mode mode) {
        Tasks.run(mode, () -> {
            try (Generator<Integer> g = Weft.generate(out -> out.emit(null))) {
                assertThrows(NullPointerException.class, g::next);
            }
        });
    }

    @Test
    void generate_outside_a_task_throws_no_running_loop() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.generate(out -> out.emit(1)));
        assertEquals("no running loop", e.getMessage());
    }
}
