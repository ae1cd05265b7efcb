package dev.weft.examples;

import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Topic 2, coroutine scheduling and the GIL question.
 *
 * <ol>
 *   <li>The guide's program (question 1, "协程调度原理"): two tasks that suspend at a sleep; the
 *       shorter sleep ends first. Same four lines as CPython (sleeps scaled 1 s, 0.5 s to 100 ms,
 *       50 ms).
 *   <li>A task is a continuation: the same virtual thread before and after a suspension, possibly
 *       resumed on another carrier (platform) thread.
 *   <li>CPU-bound work: in a cooperative loop (asyncio's model) one task runs at a time, as under
 *       the GIL; in a parallel loop tasks run on every core at once.
 * </ol>
 */
public final class Scheduling {
    private Scheduling() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static void run(PrintStream out) {
        // The guide's program, in asyncio's own model: a cooperative loop.
        try (Loop loop = Loop.cooperative()) {
            loop.run(() -> {
                Weft.gather(() -> {
                    out.println("Task 1: Start");
                    Weft.sleep(Duration.ofMillis(100)); // gives the loop to the other task
                    out.println("Task 1: End");
                    return null;
                }, () -> {
                    out.println("Task 2: Start");
                    Weft.sleep(Duration.ofMillis(50));
                    out.println("Task 2: End");
                    return null;
                });
            });
        }

        out.println();
        Weft.run(() -> {
            Thread me = Thread.currentThread();
            String before = carrier();
            Weft.sleep(Duration.ofMillis(10)); // the virtual thread unmounts; its stack stays on the heap
            out.println("a task is a continuation: same thread after the sleep: " + (Thread.currentThread() == me)
                    + ", virtual: " + me.isVirtual());
            out.println("  carrier before the sleep: " + before + ", after: " + carrier()
                    + " (the JDK may resume it on any carrier)");
        });

        out.println();
        // The guide says CPU-bound coroutines can go to asyncio.to_thread(). Under CPython's GIL a
        // thread pool runs Python bytecode one thread at a time, so that only keeps the loop free; it adds no speed (see AdvantagesAndLimits).
        out.println("4 CPU-bound tasks (no suspension inside the work):");
        cpuBound(out, "cooperative loop", Loop.cooperative());
        cpuBound(out, "parallel loop", Loop.parallel());
    }

    private static void cpuBound(PrintStream out, String mode, Loop loop) {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        long t0 = System.nanoTime();
        try (loop) {
            loop.run(() -> {
                List<Task<Long>> tasks = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    tasks.add(Weft.spawn(() -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        long sum = spin(30_000_000);
                        running.decrementAndGet();
                        return sum;
                    }));
                }
                Weft.gather(tasks);
            });
        }
        out.printf("  %-17s most tasks running at once: %d, took %d ms (cores: %d)%n", mode + ":", most.get(),
                (System.nanoTime() - t0) / 1_000_000, Runtime.getRuntime().availableProcessors());
    }

    /** The carrier of the current virtual thread, from its toString ("VirtualThread[#22]/runnable@ForkJoinPool-1-worker-1"). */
    static String carrier() {
        String s = Thread.currentThread().toString();
        int at = s.indexOf('@');
        return at < 0 ? "(none)" : s.substring(at + 1);
    }

    static long spin(int n) {
        long x = 0;
        for (int i = 0; i < n; i++) {
            x += (long) i * i ^ (x >>> 3);
        }
        return x;
    }
}
