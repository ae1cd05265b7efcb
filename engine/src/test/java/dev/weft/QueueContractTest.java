package dev.weft;

import static dev.weft.Tasks.events;
import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of the three queues (Queue, PriorityQueue, LifoQueue) in every loop mode. Where
 * the order items come out in matters, the test keeps a JDK collection of the same kind as a
 * model and checks each item against it.
 */
@Timeout(120) // hang guard only
class QueueContractTest {

    enum Kind {
        FIFO {
            @Override
            <E> Queue<E> make(int maxsize) {
                return new Queue<>(maxsize);
            }

            @Override
            <E> java.util.Queue<E> model() {
                return new ArrayDeque<>();
            }
        },
        PRIORITY {
            @Override
            <E> Queue<E> make(int maxsize) {
                return new PriorityQueue<>(maxsize);
            }

            @Override
            <E> java.util.Queue<E> model() {
                return new java.util.PriorityQueue<>();
            }
        },
        LIFO {
            @Override
            <E> Queue<E> make(int maxsize) {
                return new LifoQueue<>(maxsize);
            }

            @Override
            <E> java.util.Queue<E> model() {
                return Collections.asLifoQueue(new ArrayDeque<>());
            }
        };

        abstract <E> Queue<E> make(int maxsize);

        <E> Queue<E> make() {
            return make(0);
        }

        /** A JDK queue that hands items out in the same order. */
        abstract <E> java.util.Queue<E> model();
    }

    static Stream<Arguments> kindsAndModes() {
        return Mode.withEach(Kind.values());
    }

    static Stream<Arguments> kindsAndCooperativeModes() {
        return Mode.cooperativeWithEach(Kind.values());
    }

    // ---- order and size ---------------------------------------------------------------------

    // asyncio: test_queues.QueueBasicTests.test_order, LifoQueueTests.test_order, PriorityQueueTests.test_order
    @Test
    void a_fifo_queue_keeps_its_order_while_its_ring_wraps_and_grows() {
        // A FIFO queue keeps its items in a ring of 16 slots at first: take some to move its
        // head, then put past its length so that it grows while it wraps.
        List<Integer> items = Tasks.run(Mode.COOPERATIVE, () -> {
            Queue<Integer> q = new Queue<>();
            List<Integer> out = new ArrayList<>();
            int next = 0;
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 30; i++) {
                    q.putNowait(next++);
                }
                for (int i = 0; i < 20; i++) {
                    out.add(q.getNowait());
                }
            }
            while (!q.empty()) {
                out.add(q.getNowait());
            }
            return out;
        });
        assertEquals(IntStream.range(0, 90).boxed().toList(), items);
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void items_come_out_in_the_order_of_the_kind(Kind kind, Mode mode) {
        List<Integer> items = Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            for (int i : List.of(1, 3, 2)) {
                q.put(i);
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                out.add(q.get());
            }
            return out;
        });
        List<Integer> expected = switch (kind) {
            case FIFO -> List.of(1, 3, 2);
            case PRIORITY -> List.of(1, 2, 3);
            case LIFO -> List.of(2, 3, 1);
        };
        assertEquals(expected, items);
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void interleaved_puts_and_gets_follow_the_model(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            java.util.Queue<Integer> model = kind.model();
            Random random = new Random(42);
            for (int step = 0; step < 200; step++) {
                if (model.isEmpty() || random.nextInt(3) > 0) {
                    int item = random.nextInt(50);
                    q.put(item);
                    model.add(item);
                } else {
                    assertEquals(model.poll(), q.get());
                }
                assertEquals(model.size(), q.qsize());
            }
            while (!model.isEmpty()) {
                assertEquals(model.poll(), q.getNowait());
            }
        });
    }

    // asyncio: test_queues.QueueBasicTests.test_empty, test_full
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void qsize_empty_full_and_maxsize_report_the_state(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(2);
            assertEquals(2, q.maxsize());
            assertTrue(q.empty());
            assertFalse(q.full());
            assertEquals(0, q.qsize());
            q.put(1);
            assertFalse(q.empty());
            assertFalse(q.full());
            assertEquals(1, q.qsize());
            q.put(2);
            assertTrue(q.full());
            assertEquals(2, q.qsize());
            q.get();
            assertFalse(q.full());
            q.get();
            assertTrue(q.empty());
            assertEquals(new Queue.Statistics(0, 2, 0, 0, 2, false), q.statistics());
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_maxsize_of_zero_or_less_is_unbounded(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            for (int maxsize : List.of(0, -1)) {
                Queue<Integer> q = kind.make(maxsize);
                assertEquals(maxsize, q.maxsize());
                for (int i = 0; i < 1000; i++) {
                    q.putNowait(i);
                    q.put(i);
                }
                assertEquals(2000, q.qsize());
                assertFalse(q.full());
            }
            assertFalse(kind.make().full());
        });
    }

    // asyncio: test_queues.QueueBasicTests.test_repr, test_str
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void to_string_shows_the_kind_size_and_waiters(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(2);
            String name = q.getClass().getSimpleName();
            assertEquals(name + "[size=0/2, getters=0, putters=0, unfinished=0]", q.toString());
            Task<Integer> g = Weft.spawn(q::get);
            until(() -> q.statistics().getters() == 1);
            assertEquals(name + "[size=0/2, getters=1, putters=0, unfinished=0]", q.toString());
            q.put(1);
            g.await();
            q.shutdown();
            assertEquals(name + "[size=0/2, getters=0, putters=0, unfinished=1, shut down]", q.toString());
        });
    }

    // ---- blocking ---------------------------------------------------------------------------

    // asyncio: test_queues.QueueBasicTests.test_maxsize
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void put_blocks_while_the_queue_is_full(Kind kind, Mode mode) {
        List<Integer> haveBeenPut = events();
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(2);
            java.util.Queue<Integer> model = kind.model();
            Task<Boolean> t = Weft.spawn("putter", () -> {
                for (int i = 0; i < 3; i++) {
                    q.put(i);
                    haveBeenPut.add(i);
                }
                return true;
            });
            until(() -> q.statistics().putters() == 1);
            // The putter is blocked after putting two items.
            assertEquals(List.of(0, 1), haveBeenPut);
            model.addAll(List.of(0, 1));
            assertEquals(model.poll(), q.get());
            assertTrue(t.await());
            assertEquals(List.of(0, 1, 2), haveBeenPut);
            model.add(2);
            assertEquals(model.poll(), q.get());
            assertEquals(model.poll(), q.get());
            assertTrue(q.empty());
        });
    }

    // asyncio: test_queues.QueueGetTests.test_blocking_get_wait, QueuePutTests.test_put_with_waiting_getters
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void get_blocks_while_the_queue_is_empty(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = kind.make();
            Task<String> t = Weft.spawn("getter", q::get);
            until(() -> q.statistics().getters() == 1);
            Tasks.awaitBlocked(t);
            assertFalse(t.isDone());
            q.put("a");
            assertEquals("a", t.await());
            assertEquals(0, q.statistics().getters());
        });
    }

    // asyncio: test_queues.QueueGetTests.test_nonblocking_get_exception, QueuePutTests.test_nonblocking_put_exception
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void nowait_calls_throw_instead_of_blocking(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(1);
            assertThrows(QueueEmptyException.class, q::getNowait);
            q.putNowait(1);
            assertThrows(QueueFullException.class, () -> q.putNowait(2));
            assertEquals(1, q.qsize());
            assertEquals(1, q.getNowait());
            assertThrows(QueueEmptyException.class, q::getNowait);
        });
    }

    // asyncio: test_queues.QueueGetTests.test_get_with_waiting_putters
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void blocked_putters_are_served_in_arrival_order(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = kind.make(1);
            q.put("first");
            List<Task<Void>> ps = new ArrayList<>();
            for (String item : List.of("p1", "p2", "p3")) {
                ps.add(Weft.spawn(item, () -> q.put(item)));
                int n = ps.size();
                until(() -> q.statistics().putters() == n);
            }
            // One slot: each get frees it for the next putter in line, whatever the kind.
            assertEquals(List.of("first", "p1", "p2", "p3"), List.of(q.get(), q.get(), q.get(), q.get()));
            Weft.gather(ps);
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void blocked_getters_are_served_in_arrival_order(Kind kind, Mode mode) {
        List<Integer> got = events();
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            java.util.Queue<Integer> model = kind.model();
            List<Task<Integer>> gs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                gs.add(Weft.spawn("g" + i, () -> {
                    int item = q.get();
                    got.add(item);
                    return item;
                }));
                int n = i + 1;
                until(() -> q.statistics().getters() == n);
            }
            for (int item : List.of(5, 9, 7)) {
                q.putNowait(item); // each is promised to the next getter in line
                model.add(item);
            }
            assertEquals(0, q.statistics().getters());
            Weft.gather(gs);
            if (mode.cooperative()) {
                // they run in the order they were woken, each taking the head of the queue then
                assertEquals(List.of(model.poll(), model.poll(), model.poll()), got);
            } else {
                assertEquals(Set.of(5, 9, 7), Set.copyOf(got));
            }
        });
    }

    // asyncio: test_queues.QueueGetTests.test_why_are_getters_waiting
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_producer_and_a_consumer_through_a_queue_of_one_both_finish(Kind kind, Mode mode) {
        List<Integer> got = Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(1);
            return TaskGroup.run(g -> {
                g.spawn(() -> {
                    for (int i = 0; i < 5; i++) {
                        q.put(i);
                    }
                });
                Task<List<Integer>> consumer = g.spawn(() -> {
                    List<Integer> r = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        r.add(q.get());
                    }
                    return r;
                });
                return consumer;
            }).result();
        });
        assertEquals(List.of(0, 1, 2, 3, 4), got);
    }

    // asyncio: test_queues.QueuePutTests.test_why_are_putters_waiting
    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void putters_woken_by_get_nowait_all_finish(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(2);
            TaskGroup.run(g -> {
                g.spawn(() -> {
                    Weft.sleep(Duration.ZERO);
                    int num = q.qsize();
                    for (int i = 0; i < num; i++) {
                        q.getNowait();
                    }
                });
                for (int i = 0; i < 4; i++) {
                    int item = i;
                    g.spawn(() -> q.put(item));
                }
                return null;
            });
            assertEquals(2, q.qsize());
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void null_items_are_refused(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            assertThrows(NullPointerException.class, () -> q.put(null));
            assertThrows(NullPointerException.class, () -> q.putNowait(null));
            assertEquals(0, q.qsize());
            assertEquals(0, q.statistics().unfinished());
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_plain_thread_puts_what_a_task_gets(Kind kind, Mode mode) {
        List<Integer> got = Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(1);
            Thread th = Thread.ofPlatform().name("producer").start(() -> {
                for (int i = 0; i < 10; i++) {
                    q.put(i); // blocks the thread while the slot is taken
                }
            });
            List<Integer> r = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                r.add(q.get());
            }
            Weft.toThread(() -> {
                th.join();
                return null;
            });
            return r;
        });
        assertEquals(IntStream.range(0, 10).boxed().toList(), got);
    }

    // ---- task_done / join -------------------------------------------------------------------

    // asyncio: test_queues._QueueJoinTestMixin.test_task_done_underflow
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void task_done_more_times_than_items_throws(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
            assertEquals("task_done() called too many times", e.getMessage());
            q.put(1);
            q.get();
            q.taskDone();
            e = assertThrows(IllegalStateException.class, q::taskDone);
            assertEquals("task_done() called too many times", e.getMessage());
        });
    }

    // asyncio: test_queues._QueueJoinTestMixin.test_join_empty_queue
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void join_of_a_queue_with_nothing_outstanding_returns_at_once(Kind kind, Mode mode) {
        List<String> order = events();
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            Task<Void> other = Weft.spawn(() -> {
                order.add("other");
            });
            q.join();
            q.join();
            order.add("joined");
            other.await();
        });
        if (mode.cooperative()) {
            assertEquals(List.of("joined", "other"), order); // join did not suspend
        }
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void join_returns_only_after_every_item_was_marked_done(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            for (int i = 0; i < 3; i++) {
                q.put(i);
            }
            Task<Void> joiner = Weft.spawn("joiner", q::join);
            Tasks.awaitBlocked(joiner);
            for (int i = 0; i < 3; i++) {
                q.get();
            }
            assertEquals(3, q.statistics().unfinished());
            q.taskDone();
            q.taskDone();
            assertEquals(1, q.statistics().unfinished());
            assertTrue(Tasks.isBlocked(joiner)); // empty, but one item is not done
            assertFalse(joiner.isDone());
            q.taskDone();
            joiner.await();
            assertEquals(0, q.statistics().unfinished());
        });
    }

    // asyncio: test_queues._QueueJoinTestMixin.test_task_done
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void workers_calling_task_done_let_join_return_when_all_is_processed(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            AtomicInteger accumulator = new AtomicInteger();
            boolean[] running = {true};
            TaskGroup.run(g -> {
                for (int w = 0; w < 2; w++) {
                    g.spawn(() -> {
                        while (running[0]) {
                            int item = q.get();
                            accumulator.addAndGet(item);
                            q.taskDone();
                        }
                    });
                }
                q.join();
                assertEquals(4950, accumulator.get());
                running[0] = false;
                for (int w = 0; w < 2; w++) {
                    q.putNowait(0);
                }
                return null;
            });
        });
    }

    // ---- shutdown ---------------------------------------------------------------------------

    private static void assertShutDown(Queue<String> q) {
        assertThrows(QueueShutDownException.class, () -> q.put("data"));
        assertThrows(QueueShutDownException.class, () -> q.putNowait("data"));
        assertThrows(QueueShutDownException.class, q::get);
        assertThrows(QueueShutDownException.class, q::getNowait);
    }

    // asyncio: test_queues._QueueShutdownTestMixin.test_shutdown_empty
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void shutdown_of_an_empty_queue_wakes_the_getters_with_queue_shut_down(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = kind.make();
            Task<String> getTask = Weft.spawn("getter", q::get);
            until(() -> q.statistics().getters() == 1);
            q.shutdown();
            assertEquals(0, q.qsize());
            q.join();
            assertThrows(QueueShutDownException.class, getTask::await);
            assertShutDown(q);
            assertTrue(q.statistics().shutdown());
        });
    }

    // asyncio: test_queues._QueueShutdownTestMixin.test_shutdown_nonempty
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void shutdown_wakes_the_putters_and_gets_drain_what_is_left(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = kind.make(1);
            q.putNowait("data");
            Task<Void> joinTask = Weft.spawn("joiner", q::join);
            Task<Void> putTask = Weft.spawn("putter", () -> q.put("data2"));
            until(() -> q.statistics().putters() == 1);
            Tasks.awaitBlocked(joinTask);
            q.shutdown();
            assertEquals(1, q.qsize());
            assertThrows(QueueShutDownException.class, putTask::await);
            assertEquals("data", q.get());
            assertTrue(Tasks.isBlocked(joinTask));
            assertShutDown(q);
            q.taskDone();
            joinTask.await();
            IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
            assertEquals("task_done() called too many times", e.getMessage());
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void after_shutdown_get_drains_the_items_in_order_then_throws(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            java.util.Queue<Integer> model = kind.model();
            for (int i : List.of(4, 1, 3, 2)) {
                q.put(i);
                model.add(i);
            }
            q.shutdown();
            assertThrows(QueueShutDownException.class, () -> q.put(5));
            assertEquals(model.poll(), q.get());
            assertEquals(model.poll(), q.getNowait());
            assertEquals(model.poll(), q.get());
            assertEquals(model.poll(), q.get());
            assertThrows(QueueShutDownException.class, q::get);
            assertThrows(QueueShutDownException.class, q::getNowait);
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void shutdown_wakes_every_blocked_getter_and_putter(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> empty = kind.make();
            Queue<Integer> full = kind.make(1);
            full.put(0);
            List<Task<Integer>> getters = new ArrayList<>();
            List<Task<Void>> putters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int item = i + 1;
                getters.add(Weft.spawn("g" + i, empty::get));
                putters.add(Weft.spawn("p" + i, () -> full.put(item)));
            }
            until(() -> empty.statistics().getters() == 3 && full.statistics().putters() == 3);
            empty.shutdown();
            full.shutdown();
            for (Task<?> t : getters) {
                assertThrows(QueueShutDownException.class, t::await);
            }
            for (Task<?> t : putters) {
                assertThrows(QueueShutDownException.class, t::await);
            }
            assertEquals(0, full.get());
            assertEquals(new Queue.Statistics(0, 1, 0, 0, 1, true), full.statistics());
            assertEquals(new Queue.Statistics(0, 0, 0, 0, 0, true), empty.statistics());
        });
    }

    // asyncio: test_queues._QueueShutdownTestMixin.test_shutdown_immediate
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void immediate_shutdown_drops_the_items_and_counts_them_done(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = kind.make();
            q.putNowait("data");
            Task<Void> joinTask = Weft.spawn("joiner", q::join);
            Tasks.awaitBlocked(joinTask);
            q.shutdown(true);
            assertEquals(0, q.qsize());
            joinTask.await();
            assertShutDown(q);
            IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
            assertEquals("task_done() called too many times", e.getMessage());
        });
    }

    // asyncio: test_queues._QueueShutdownTestMixin.test_shutdown_immediate_with_unfinished
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void immediate_shutdown_leaves_the_items_already_taken_unfinished(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = kind.make();
            q.putNowait("data");
            q.putNowait("data");
            Task<Void> joinTask = Weft.spawn("joiner", q::join);
            assertEquals("data", q.get());
            Tasks.awaitBlocked(joinTask);
            q.shutdown(true);
            assertEquals(0, q.qsize());
            assertEquals(1, q.statistics().unfinished());
            assertTrue(Tasks.isBlocked(joinTask));
            assertShutDown(q);
            q.taskDone();
            assertThrows(IllegalStateException.class, q::taskDone);
            joinTask.await();
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void immediate_shutdown_makes_blocked_getters_and_putters_throw_at_once(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> empty = kind.make();
            Queue<Integer> full = kind.make(1);
            full.put(0);
            List<Task<Integer>> getters = List.of(Weft.spawn(empty::get), Weft.spawn(empty::get));
            Task<Void> putter = Weft.spawn(() -> full.put(1));
            until(() -> empty.statistics().getters() == 2 && full.statistics().putters() == 1);
            empty.shutdown(true);
            full.shutdown(true);
            for (Task<Integer> g : getters) {
                assertThrows(QueueShutDownException.class, g::await);
            }
            assertThrows(QueueShutDownException.class, putter::await);
            assertEquals(0, full.qsize());
            assertEquals(0, full.statistics().unfinished());
            assertThrows(QueueShutDownException.class, full::get);
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void a_getter_promised_an_item_that_immediate_shutdown_dropped_gets_queue_shut_down(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            Task<Integer> g = Weft.spawn("getter", q::get);
            until(() -> q.statistics().getters() == 1);
            q.putNowait(1); // promised to g, which has not run yet
            q.shutdown(true); // drops it
            assertThrows(QueueShutDownException.class, g::await);
            assertEquals(0, q.qsize());
            // nothing was left behind by the broken promise
            assertThrows(QueueShutDownException.class, q::getNowait);
            assertThrows(QueueShutDownException.class, q::get);
            assertEquals(new Queue.Statistics(0, 0, 0, 0, 0, true), q.statistics());
        });
    }

    // ---- cancellation -----------------------------------------------------------------------

    // asyncio: test_queues.QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_cancelled_getter_leaves_the_getters(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(5);
            Task<Integer> g = Weft.spawn("getter", q::get);
            until(() -> q.statistics().getters() == 1);
            g.cancel();
            assertThrows(CancelledException.class, g::await);
            assertEquals(0, q.statistics().getters());
            q.put(1);
            assertEquals(1, q.qsize()); // nobody took it
            assertEquals(1, q.get());
        });
    }

    // asyncio: test_queues.QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters
    @ParameterizedTest
    @EnumSource(Kind.class)
    void a_get_that_timed_out_leaves_the_getters(Kind kind) {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Queue<Integer> q = kind.make(5);
            assertThrows(TimeoutException.class, () -> Weft.waitFor(Duration.ofMillis(100), q::get));
            assertEquals(0, q.statistics().getters());
            assertEquals(100_000_000L, Weft.now());
        });
    }

    // asyncio: test_queues.QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_cancelled_putter_leaves_the_putters(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(1);
            q.putNowait(1);
            Task<Void> p = Weft.spawn("putter", () -> q.put(2));
            until(() -> q.statistics().putters() == 1);
            p.cancel();
            assertThrows(CancelledException.class, p::await);
            assertEquals(0, q.statistics().putters());
            assertEquals(1, q.getNowait());
            assertThrows(QueueEmptyException.class, q::getNowait); // its item was not put
        });
    }

    // asyncio: test_queues.QueueGetTests.test_get_cancelled_race
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void an_item_put_after_a_getter_was_cancelled_goes_to_the_next_getter(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = kind.make();
            Task<String> t1 = Weft.spawn("t1", q::get);
            until(() -> q.statistics().getters() == 1);
            Task<String> t2 = Weft.spawn("t2", q::get);
            until(() -> q.statistics().getters() == 2);
            t1.cancel();
            Tasks.awaitDone(t1);
            assertTrue(t1.isCancelled());
            q.put("a");
            assertEquals("a", t2.await());
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void a_getter_cancelled_after_it_was_promised_an_item_passes_it_to_the_next_getter(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            Task<Integer> g1 = Weft.spawn("g1", q::get);
            until(() -> q.statistics().getters() == 1);
            Task<Integer> g2 = Weft.spawn("g2", q::get);
            until(() -> q.statistics().getters() == 2);
            q.putNowait(7); // promised to g1
            g1.cancel(); // before g1 ran
            assertEquals(7, g2.await());
            assertThrows(CancelledException.class, g1::await);
            assertTrue(g1.isCancelled());
            assertEquals(new Queue.Statistics(0, 0, 0, 0, 1, false), q.statistics());
        });
    }

    // asyncio: test_queues.QueuePutTests.test_get_cancel_drop_one_pending_reader
    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void a_reader_cancelled_after_items_arrived_drops_none_of_them(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            java.util.Queue<Integer> model = kind.model();
            Task<Integer> reader = Weft.spawn("reader", q::get);
            until(() -> q.statistics().getters() == 1);
            q.putNowait(1);
            q.putNowait(2);
            model.addAll(List.of(1, 2));
            reader.cancel();
            assertThrows(CancelledException.class, reader::await);
            assertEquals(2, q.qsize());
            assertEquals(model.poll(), Weft.spawn("reader2", q::get).await());
            assertEquals(model.poll(), q.getNowait());
        });
    }

    // asyncio: test_queues.QueuePutTests.test_get_cancel_drop_many_pending_readers
    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void readers_left_after_one_is_cancelled_get_every_item(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make();
            List<Task<Integer>> readers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                readers.add(Weft.spawn("reader" + i, q::get));
                int n = i;
                until(() -> q.statistics().getters() == n);
            }
            q.putNowait(1);
            q.putNowait(2);
            readers.get(0).cancel();
            assertThrows(CancelledException.class, readers.get(0)::await);
            assertEquals(Set.of(1, 2), Set.of(readers.get(1).await(), readers.get(2).await()));
            assertEquals(0, q.qsize());
        });
    }

    // asyncio: test_queues.QueuePutTests.test_put_cancel_drop, test_cancelled_put_silence_value_error_exception
    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void a_writer_cancelled_after_a_slot_was_kept_for_it_frees_the_slot(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<Integer> q = kind.make(1);
            q.putNowait(1);
            Task<Void> writer = Weft.spawn("writer", () -> q.put(2));
            until(() -> q.statistics().putters() == 1);
            assertEquals(1, q.getNowait()); // the freed slot is kept for the writer
            assertThrows(QueueFullException.class, () -> q.putNowait(3));
            writer.cancel();
            assertThrows(CancelledException.class, writer::await);
            assertEquals(0, q.qsize());
            Weft.spawn("writer2", () -> q.put(2)).await(); // the slot is free again
            assertEquals(2, q.getNowait());
            assertEquals(0, q.qsize());
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void a_putter_cancelled_after_a_slot_was_kept_for_it_passes_the_slot_to_the_next_putter(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = kind.make(1);
            q.putNowait("x");
            Task<Void> p1 = Weft.spawn("p1", () -> q.put("a"));
            until(() -> q.statistics().putters() == 1);
            Task<Void> p2 = Weft.spawn("p2", () -> q.put("b"));
            until(() -> q.statistics().putters() == 2);
            assertEquals("x", q.getNowait()); // slot kept for p1
            p1.cancel(); // before p1 ran
            p2.await();
            assertThrows(CancelledException.class, p1::await);
            assertEquals("b", q.getNowait());
            assertEquals(new Queue.Statistics(0, 1, 0, 0, 2, false), q.statistics());
        });
    }

    // asyncio: test_queues.QueuePutTests.test_put_cancelled_race
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_cancelled_putter_in_the_middle_of_the_line_loses_no_slot(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = kind.make(1);
            Task<Void> putA = Weft.spawn("put_a", () -> q.put("a"));
            putA.await();
            Task<Void> putB = Weft.spawn("put_b", () -> q.put("b"));
            until(() -> q.statistics().putters() == 1);
            Task<Void> putC = Weft.spawn("put_c", () -> q.put("X"));
            until(() -> q.statistics().putters() == 2);
            putC.cancel();
            assertThrows(CancelledException.class, putC::await);
            assertEquals(1, q.statistics().putters());
            assertEquals("a", q.getNowait());
            putB.await();
            assertEquals("b", q.getNowait());
            assertTrue(q.empty());
        });
    }

    // ---- PriorityQueue ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_priority_queue_with_a_comparator_hands_out_the_smallest_by_it_first(Mode mode) {
        Tasks.run(mode, () -> {
            PriorityQueue<String> q = new PriorityQueue<>(0,
                    Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
            for (String s : List.of("ccc", "a", "bb", "dddd", "b")) {
                q.put(s);
            }
            List<String> out = new ArrayList<>();
            while (!q.empty()) {
                out.add(q.get());
            }
            assertEquals(List.of("a", "b", "bb", "ccc", "dddd"), out);

            PriorityQueue<Integer> desc = new PriorityQueue<>(2, Comparator.reverseOrder());
            desc.put(1);
            desc.put(3);
            assertTrue(desc.full());
            assertEquals(List.of(3, 1), List.of(desc.get(), desc.get()));
        });
    }

    @org.junit.jupiter.api.Test
    void a_priority_queue_refuses_a_null_comparator() {
        assertThrows(NullPointerException.class, () -> new PriorityQueue<String>(0, null));
    }
}
