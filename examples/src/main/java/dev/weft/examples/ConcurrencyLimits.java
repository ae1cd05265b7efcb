package dev.weft.examples;

import dev.weft.Loop;
import dev.weft.Permit;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Topic 7, limiting concurrency with a {@link Semaphore} (the guide's question 6 and its design
 * section's "limit concurrency").
 *
 * <ol>
 *   <li>The guide's program: {@code Semaphore(3)} and 5 tasks. Run on a cooperative loop with
 *       virtual time, it prints exactly CPython's ten lines in CPython's order (the one-second
 *       sleeps take no real time; the loop clock says 2 s).
 *   <li>10 of 100 on a parallel loop: real threads, and a count of how many ever held a permit at
 *       the same moment.
 * </ol>
 */
public final class ConcurrencyLimits {
    private ConcurrencyLimits() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static void run(PrintStream out) {
        try (Loop loop = Loop.builder().cooperative().virtualTime().build()) {
            long start = loop.now();
            loop.run(() -> {
                Semaphore semaphore = new Semaphore(3); // at most 3 tasks inside at once
                List<Task<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int id = i;
                    tasks.add(Weft.spawn(() -> {
                        try (Permit p = semaphore.hold()) { // async with semaphore:
                            out.println("任务 " + id + " 开始执行");
                            Weft.sleep(Duration.ofSeconds(1));
                            out.println("任务 " + id + " 执行完成");
                        }
                    }));
                }
                Weft.gather(tasks);
            });
            out.printf("(5 tasks of 1 s, 3 at a time: %.1f s on the virtual clock)%n", (loop.now() - start) / 1e9);
        }

        out.println();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        Weft.run(() -> {
            Semaphore semaphore = new Semaphore(10);
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                tasks.add(Weft.spawn(() -> {
                    try (Permit p = semaphore.hold()) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Weft.sleep(Duration.ofMillis(20)); // "Processing task {id}"
                        processed.incrementAndGet();
                        inside.decrementAndGet();
                    }
                }));
            }
            Weft.gather(tasks);
        });
        out.println("Semaphore(10), 100 tasks on a parallel loop: " + processed.get() + " processed, at most "
                + most.get() + " at the same time");
    }
}
