package dev.weft.examples;

import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Topic 10, advantages and limits (the guide's question 9, and its design section's "I/O-bound
 * vs CPU-bound").
 *
 * <ul>
 *   <li>I/O-bound: 50 calls that each wait 40 ms take about 2 s one after another and about one
 *       wait when gathered.
 *   <li>CPU-bound: the same jobs one after another, then on a platform pool of one thread per core
 *       through {@link Weft#runInExecutor}. Java threads have no GIL, so the pool does use every
 *       core; the results are the same either way.
 * </ul>
 * The times printed are one run, not a benchmark.
 */
public final class AdvantagesAndLimits {
    private AdvantagesAndLimits() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static void run(PrintStream out) {
        Weft.run(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                call();
            }
            out.printf("I/O-bound, 50 calls one after another: %d ms%n", ms(t0));
            t0 = System.nanoTime();
            List<Task<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(Weft.spawn(AdvantagesAndLimits::call));
            }
            Weft.gather(calls);
            out.printf("I/O-bound, 50 calls gathered:          %d ms%n", ms(t0));

            int cores = Runtime.getRuntime().availableProcessors();
            int jobs = Math.max(2, cores);
            t0 = System.nanoTime();
            long sequential = 0;
            for (int i = 0; i < jobs; i++) {
                sequential += heavyComputation(i);
            }
            out.printf("CPU-bound, %d jobs one after another:   %d ms%n", jobs, ms(t0));

            // The guide: "correct: run CPU-bound work in a thread pool" (run_in_executor(None, ...)).
            // Under CPython's GIL the pool runs one job at a time (2 jobs took 1.6x one job here; a process pool 1.0x).
            t0 = System.nanoTime();
            long pooled = 0;
            try (ExecutorService pool = Executors.newFixedThreadPool(cores)) {
                List<Task<Long>> parts = new ArrayList<>();
                for (int i = 0; i < jobs; i++) {
                    int n = i;
                    parts.add(Weft.spawn(() -> Weft.runInExecutor(pool, () -> heavyComputation(n))));
                }
                for (long part : Weft.gather(parts)) {
                    pooled += part;
                }
            }
            out.printf("CPU-bound, %d jobs on a pool of %d:     %d ms%n", jobs, cores, ms(t0));
            out.println("same results: " + (sequential == pooled));
        });
    }

    private static Void call() {
        Weft.sleep(Duration.ofMillis(40)); // a network call's wait
        return null;
    }

    static long heavyComputation(int seed) {
        return Scheduling.spin(40_000_000 + seed);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
