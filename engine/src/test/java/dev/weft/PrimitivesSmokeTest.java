package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrimitivesSmokeTest {
    @ParameterizedTest
    @EnumSource(Mode.class)
    void lock_queue_event_generator_work(Mode mode) {
        List<Object> r = Tasks.run(mode, () -> {
            Lock lock = new Lock();
            int[] counter = {0};
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ts.add(Weft.spawn(() -> {
                    for (int k = 0; k < 100; k++) {
                        try (Permit p = lock.hold()) {
                            int c = counter[0];
                            Weft.sleep(Duration.ZERO);
                            counter[0] = c + 1;
                        }
                    }
                }));
            }
            Weft.gather(ts);
            Queue<Integer> q = new Queue<>(2);
            Task<Integer> consumer = Weft.spawn(() -> {
                int sum = 0;
                try {
                    for (;;) {
                        sum += q.get();
                        q.taskDone();
                    }
                } catch (QueueShutDownException e) {
                    return sum;
                }
            });
            for (int i = 1; i <= 100; i++) {
                q.put(i);
            }
            q.join();
            q.shutdown();
            Event ev = new Event();
            Task<Boolean> waiter = Weft.spawn(ev::await);
            Tasks.awaitBlocked(waiter);
            ev.set();
            List<Integer> gen = new ArrayList<>();
            try (Generator<Integer> g = Weft.generate(out -> {
                for (int i = 0; i < 5; i++) {
                    out.emit(i);
                }
            })) {
                for (int x : g) {
                    gen.add(x);
                }
            }
            Lock self = new Lock();
            self.acquire();
            assertThrows(DeadlockException.class, self::acquire);
            return List.of(counter[0], consumer.await(), waiter.await(), gen);
        });
        assertEquals(List.of(2000, 5050, true, List.of(0, 1, 2, 3, 4)), r);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void two_tasks_taking_two_locks_in_opposite_order_get_exactly_one_deadlock(Mode mode) {
        int deadlocks = Tasks.run(mode, () -> {
            Lock a = new Lock("a");
            Lock b = new Lock("b");
            Event aHeld = new Event();
            Event bHeld = new Event();
            Task<Boolean> t1 = Weft.spawn(() -> {
                try (Permit p = a.hold()) {
                    aHeld.set();
                    bHeld.await();
                    try (Permit q = b.hold()) {
                        return false;
                    }
                } catch (DeadlockException e) {
                    return true;
                }
            });
            Task<Boolean> t2 = Weft.spawn(() -> {
                try (Permit p = b.hold()) {
                    bHeld.set();
                    aHeld.await();
                    try (Permit q = a.hold()) {
                        return false;
                    }
                } catch (DeadlockException e) {
                    return true;
                }
            });
            return (t1.await() ? 1 : 0) + (t2.await() ? 1 : 0);
        });
        assertEquals(1, deadlocks);
    }
}
