package dev.weft.examples;

import dev.weft.Barrier;
import dev.weft.Lock;
import dev.weft.Loop;
import dev.weft.Permit;
import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Topic 15, keeping shared data consistent, the guide's five ways ("多个协程去操作同一数据"),
 * each printing the final value it got.
 *
 * <ol>
 *   <li>{@link Lock} around a read, a suspension and a write: {@code Final value: 10}, as CPython.
 *   <li>"Atomic" increments: atomic in a cooperative loop (no suspension point inside), not in a
 *       parallel one, where an {@link AtomicInteger} is the fix.
 *   <li>A {@link Queue} that serialises the changes: {@code [0, 1, 2, 3, 4]}, as CPython.
 *   <li>An immutable value swapped with {@link AtomicReference#updateAndGet}.
 *   <li>A thread-safe structure ({@link ConcurrentLinkedQueue}) filled from platform threads.
 * </ol>
 */
public final class Atomicity {
    private Atomicity() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static int sharedData;
    static volatile int counter; // volatile: each ++ is a real read and a real write, so the race shows

    static void run(PrintStream out) {
        // 1. asyncio.Lock: ten read-sleep-write updates, one at a time.
        sharedData = 0;
        Weft.run(() -> {
            Lock lock = new Lock();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tasks.add(Weft.spawn(() -> {
                    try (Permit p = lock.hold()) {
                        int temp = sharedData;
                        Weft.sleep(Duration.ofMillis(10)); // without the lock, every task would read 0
                        sharedData = temp + 1;
                    }
                }));
            }
            Weft.gather(tasks);
            out.println("Final value: " + sharedData);
        });

        // 2. The guide: "+= is usually atomic in CPython", with `nonlocal` at module level: a SyntaxError
        // ("no binding for nonlocal 'shared_counter' found"). += is atomic in asyncio only because no await sits inside it.
        int cooperative = increments(Loop.cooperative(), 1000);
        int parallel = increments(Loop.parallel(), Integer.MAX_VALUE); // no yield: the tasks run side by side
        out.println("counter++ by 4 tasks x 1,000,000 (expected 4000000):");
        out.println("  cooperative loop: " + cooperative);
        out.println("  parallel loop:    " + parallel + (parallel < 4_000_000 ? " (updates lost)" : " (none lost this time; nothing guarantees it)"));
        out.println("  parallel loop, AtomicInteger: " + atomicIncrements());

        // 3. asyncio.Queue: one consumer applies every change.
        Weft.run(() -> {
            Queue<Integer> queue = new Queue<>();
            List<Integer> shared = new ArrayList<>(); // touched by the consumer only
            Task<Void> producer = Weft.spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    queue.put(i);
                    Weft.sleep(Duration.ofMillis(10));
                }
            });
            Task<Void> consumer = Weft.spawn(() -> {
                for (;;) {
                    shared.add(queue.get());
                    queue.taskDone();
                }
            });
            producer.await();
            queue.join();
            consumer.cancel();
            out.println(shared);
        });

        // 4. The guide's immutable-state example also uses `nonlocal` at module level (SyntaxError), and a
        // plain `shared_state = (*shared_state, x)` is a read-modify-write: atomic only between awaits, never between threads.
        AtomicReference<List<Integer>> state = new AtomicReference<>(List.of());
        Weft.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int item = i;
                tasks.add(Weft.spawn(() -> {
                    state.updateAndGet(old -> { // retried if another task swapped first
                        List<Integer> next = new ArrayList<>(old);
                        next.add(item);
                        return List.copyOf(next);
                    });
                }));
            }
            Weft.gather(tasks);
        });
        out.println("immutable list swapped by 100 parallel tasks: " + state.get().size() + " items");

        // 5. A thread-safe structure, filled from platform threads (the guide's queue.Queue + thread pool).
        ConcurrentLinkedQueue<Integer> safe = new ConcurrentLinkedQueue<>();
        Weft.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int item = i;
                tasks.add(Weft.spawn(() -> {
                    Weft.toThread(() -> safe.add(item));
                }));
            }
            Weft.gather(tasks);
        });
        out.println("thread-safe queue filled from 100 to_thread calls: " + safe.size() + " items");
    }

    /**
     * 4 tasks each doing counter++ a million times, yielding every {@code every} (so a cooperative
     * loop interleaves them). They start together (a {@link Barrier}), so in a parallel loop two
     * of them really run at the same moment on the machine's cores.
     */
    private static int increments(Loop loop, int every) {
        counter = 0;
        try (loop) {
            loop.run(() -> {
                Barrier start = new Barrier(4);
                List<Task<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    tasks.add(Weft.spawn(() -> {
                        start.await();
                        for (int i = 1; i <= 1_000_000; i++) {
                            counter++; // read, add, write: nothing in between in a cooperative loop
                            if (i % every == 0) {
                                Weft.sleep(Duration.ZERO);
                            }
                        }
                    }));
                }
                Weft.gather(tasks);
            });
        }
        return counter;
    }

    private static int atomicIncrements() {
        AtomicInteger atomic = new AtomicInteger();
        Weft.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(Weft.spawn(() -> {
                    for (int i = 0; i < 1_000_000; i++) {
                        atomic.incrementAndGet();
                        if (i % 1000 == 0) {
                            Weft.sleep(Duration.ZERO);
                        }
                    }
                }));
            }
            Weft.gather(tasks);
        });
        return atomic.get();
    }
}
