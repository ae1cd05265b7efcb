package dev.weft.bench;

import com.softwaremill.jox.structured.Scopes;
import dev.weft.Body;
import dev.weft.TaskGroup;
import dev.weft.bench.kotlin.KotlinBaselines;
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

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;

/**
 * Workload 1: spawn N trivial tasks and wait for all of them. The score is the time for the whole
 * batch of N (the report divides by N).
 *
 * <p>{@link #taskGroup} runs weft's own {@code TaskGroup}, pinned with {@code
 * -Dweft.taskGroup=own} and checked at setup: this fork has {@code --enable-preview} and the jar
 * is Multi-Release, so unpinned it would run on the JDK's {@code StructuredTaskScope}.
 * {@link TaskGroupBenchmark} compares the two backends.
 *
 * <p>This class is compiled for JDK 25 with preview features, because {@link StructuredTaskScope}
 * is a preview API and jox's {@code structured} 0.5.0 is itself built on it (its class files are
 * JDK 25 preview class files). So every method here runs in a fork with {@code --enable-preview}:
 * the flag is the same for weft and for each baseline. weft's engine itself uses no preview API.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = "--enable-preview")
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpawnBenchmark {
    private static final Body NOTHING = () -> {};
    private static final Runnable NO_OP = () -> {};

    /** N for everything that is not an OS process. */
    @State(Scope.Benchmark)
    public static class Tasks {
        @Param({"1000", "10000"})
        public int n;

        ExecutorService pool;

        @Setup(Level.Trial)
        public void open() {
            pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        }

        @TearDown(Level.Trial)
        public void close() {
            pool.close();
        }
    }

    /** A process per task costs milliseconds: a smaller N, compared per task in the report. */
    @State(Scope.Benchmark)
    public static class Processes {
        @Param({"100"})
        public int n;
    }

    @Benchmark
    public void weftParallel(Tasks s, Loops loops) {
        loops.parallel.run(() -> Drive.spawnAndAwait(s.n));
    }

    @Benchmark
    public void weftCooperative(Tasks s, Loops loops) {
        loops.cooperative.run(() -> Drive.spawnAndAwait(s.n));
    }

    /** weft's own TaskGroup (the JDK backend is {@link TaskGroupBenchmark#weftOnStructuredTaskScope}). */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {"--enable-preview", "-Dweft.taskGroup=own"})
    public void taskGroup(Tasks s, Loops loops, TaskGroupBenchmark.OwnBackend checked) {
        loops.parallel.run(() -> group(s.n));
    }

    /** One TaskGroup spawning {@code n} trivial children and joining them, in the current task. */
    static void group(int n) {
        TaskGroup.run(group -> {
            for (int i = 0; i < n; i++) {
                group.spawn(NOTHING);
            }
            return null;
        });
    }

    @Benchmark
    public void virtualThreads(Tasks s) throws Exception {
        Drive.virtual(() -> startAndJoin(Thread.ofVirtual(), s.n));
    }

    @Benchmark
    public void structuredTaskScope(Tasks s) throws Exception {
        Drive.virtual(() -> scope(s.n));
    }

    /** One StructuredTaskScope forking {@code n} trivial subtasks and joining them. */
    static void scope(int n) throws InterruptedException {
        try (var scope = StructuredTaskScope.open()) {
            for (int i = 0; i < n; i++) {
                scope.fork(NO_OP);
            }
            scope.join();
        }
    }

    @Benchmark
    public void platformThreads(Tasks s) throws Exception {
        Drive.virtual(() -> startAndJoin(Thread.ofPlatform(), s.n));
    }

    /** Starts {@code n} trivial threads, then joins each. */
    static void startAndJoin(Thread.Builder threads, int n) throws InterruptedException {
        Thread[] started = new Thread[n];
        for (int i = 0; i < n; i++) {
            started[i] = threads.start(NO_OP);
        }
        for (Thread t : started) {
            t.join();
        }
    }

    @Benchmark
    public void platformPool(Tasks s) throws Exception {
        Drive.virtual(() -> Drive.pooled(s.pool, s.n, () -> null));
    }

    /** An OS process per task: {@code /bin/true}, the cheapest process there is (no JVM start-up). */
    @Benchmark
    public void processes(Processes s) throws Exception {
        Drive.virtual(() -> {
            Process[] started = new Process[s.n];
            ProcessBuilder trueCommand = new ProcessBuilder("/bin/true");
            for (int i = 0; i < s.n; i++) {
                started[i] = trueCommand.start();
            }
            for (Process p : started) {
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("/bin/true exited with " + p.exitValue());
                }
            }
        });
    }

    @Benchmark
    public void kotlin(Tasks s) throws Exception {
        Drive.virtual(() -> KotlinBaselines.spawnJoin(s.n));
    }

    /** jox {@code supervised}: the scope ends when every {@code fork} has ended. */
    @Benchmark
    public void jox(Tasks s) throws Exception {
        Drive.virtual(() -> Scopes.supervised(scope -> {
            for (int i = 0; i < s.n; i++) {
                scope.fork(() -> null);
            }
            return null;
        }));
    }
}
