package dev.weft.bench;

import dev.weft.Permit;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.bench.child.Child;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Workload 2, I/O fan-out: {@code tasks} tasks each wait 10 ms, at most {@value #LIMIT} at once.
 * The score is the time for the whole batch; the ideal is {@code ceil(tasks / 1000) * 10 ms}
 * (100 ms for 10k tasks), and the report divides the ideal by the score.
 *
 * <p>The platform pool has {@value #POOL} threads and the process pool {@value #WORKERS} worker
 * processes, each doing one request at a time: they are what a thread-per-request or a
 * process-per-worker server would use, and they cannot reach the ideal. That is the point.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FanOutBenchmark {
    /** At most this many waits in flight (the semaphore's value). */
    public static final int LIMIT = 1_000;
    /** Threads of the platform pool. */
    public static final int POOL = 200;
    /** Worker processes of the process pool. */
    public static final int WORKERS = 8;
    private static final Duration WAIT = Duration.ofMillis(Child.SLEEP_MILLIS);

    @State(Scope.Benchmark)
    public static class Tasks {
        @Param({"10000"})
        public int tasks;

        ExecutorService pool;

        @Setup(Level.Trial)
        public void open() {
            pool = Executors.newFixedThreadPool(POOL);
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    /** {@value #WORKERS} worker JVMs doing 10 ms per request: a smaller batch, or one run takes seconds. */
    @State(Scope.Benchmark)
    public static class Workers {
        @Param({"800"})
        public int tasks;

        final List<Process> workers = new ArrayList<>();

        @Setup(Level.Trial)
        public void start() throws Exception {
            for (int i = 0; i < WORKERS; i++) {
                workers.add(Child.start("sleep"));
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            for (Process p : workers) {
                Child.stop(p);
            }
        }
    }

    @Benchmark
    public void weftParallel(Tasks s, Loops loops) {
        loops.parallel.run(() -> fanOut(s.tasks));
    }

    @Benchmark
    public void weftCooperative(Tasks s, Loops loops) {
        loops.cooperative.run(() -> fanOut(s.tasks));
    }

    @SuppressWarnings("try") // the permit is held for the sleep, never read
    private static void fanOut(int n) {
        Semaphore limit = new Semaphore(LIMIT);
        List<Task<Void>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(Weft.spawn(() -> {
                try (Permit p = limit.hold()) {
                    Weft.sleep(WAIT);
                }
            }));
        }
        Weft.gather(tasks);
    }

    @Benchmark
    public void virtualThreads(Tasks s) throws Exception {
        Drive.virtual(() -> {
            java.util.concurrent.Semaphore limit = new java.util.concurrent.Semaphore(LIMIT);
            Thread[] started = new Thread[s.tasks];
            for (int i = 0; i < s.tasks; i++) {
                started[i] = Thread.startVirtualThread(() -> {
                    limit.acquireUninterruptibly();
                    try {
                        Thread.sleep(WAIT);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        limit.release();
                    }
                });
            }
            for (Thread t : started) {
                t.join();
            }
        });
    }

    @Benchmark
    public void platformPool(Tasks s) throws Exception {
        Drive.virtual(() -> Drive.pooled(s.pool, s.tasks, () -> {
            Thread.sleep(WAIT);
            return null;
        }));
    }

    /** Each worker process takes the next request as soon as it has answered the last one. */
    @Benchmark
    public void processes(Workers s) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Drive.virtual(() -> Drive.all(Thread.ofVirtual().factory(), s.workers.stream()
                .<dev.weft.Body>map(worker -> () -> {
                    while (next.getAndIncrement() < s.tasks) {
                        Child.roundTrip(worker);
                    }
                })
                .toList()));
    }
}
