package dev.weft.bench;

import dev.weft.Loop;
import dev.weft.TaskGroup;
import dev.weft.internal.TaskGroupBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Issue 12's figure: what a {@code TaskGroup} costs on each backend. One group (or scope, or
 * batch of threads) spawns N trivial children and joins them; an invocation runs {@link
 * #CHILDREN} ÷ N of them in a row, so the score is the time per child at every N (for N = 1 it
 * is mostly the group's own opening and closing).
 *
 * <ul>
 *   <li>{@code weft}: weft's own {@code TaskGroup} in a parallel loop ({@code -Dweft.taskGroup=own});
 *   <li>{@code weftOnStructuredTaskScope}: the same code on the JDK's {@code StructuredTaskScope}
 *       ({@code -Dweft.taskGroup=jdk}, from weft-engine's {@code META-INF/versions/25}, which the
 *       shaded jar keeps by being Multi-Release);
 *   <li>{@code structuredTaskScope}: the JDK's {@code StructuredTaskScope} itself (open, fork N, join);
 *   <li>{@code virtualThreads}: start N virtual threads, join each.
 * </ul>
 *
 * Every fork has {@code --enable-preview} (the scope is a JDK 25 preview API), so the two weft
 * rows differ by the backend property only. Each weft row checks at setup, in its fork, that the
 * backend it is named after is the one that runs ({@link OwnBackend}, {@link JdkBackend}), and
 * fails the fork otherwise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = "--enable-preview")
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TaskGroupBenchmark {
    /** Children per invocation, whatever N: the report's unit is one child. */
    public static final int CHILDREN = 1000;

    /** N, the children of one group, and how many groups an invocation runs. */
    @State(Scope.Benchmark)
    public static class Groups {
        @Param({"1", "10", "1000"})
        public int n;

        int groups;

        /** Runs {@code batch} for each group of one invocation, in a row. */
        void each(Batch batch) throws Exception {
            for (int i = 0; i < groups; i++) {
                batch.run(n);
            }
        }

        @Setup(Level.Trial)
        public void check() {
            if (n < 1 || CHILDREN % n != 0) {
                throw new IllegalArgumentException("n = " + n + ": it must divide " + CHILDREN
                        + ", the children of one invocation (the score is per child)");
            }
            groups = CHILDREN / n;
        }
    }

    /** One group's spawning and joining of {@code n} children. */
    @FunctionalInterface
    interface Batch {
        void run(int n) throws Exception;
    }

    /** Fails the fork unless weft's own TaskGroup runs in parallel loops. */
    @State(Scope.Benchmark)
    public static class OwnBackend {
        @Setup(Level.Trial)
        public void check() {
            requireBackend(false);
        }
    }

    /** Fails the fork unless weft's TaskGroup runs on the JDK's StructuredTaskScope in parallel loops. */
    @State(Scope.Benchmark)
    public static class JdkBackend {
        @Setup(Level.Trial)
        public void check() {
            requireBackend(true);
        }
    }

    private static final ScopedValue<Boolean> BOUND = ScopedValue.newInstance();

    /**
     * Two witnesses that the backend in this JVM is the JDK's scope ({@code jdk}) or weft's own:
     * the engine's choice ({@code TaskGroupBackend}, the line {@code Loop.dump()} prints), and what
     * only the JDK's scope does, a {@code ScopedValue} bound around {@code TaskGroup.run} reaching
     * a child in a parallel loop.
     */
    static void requireBackend(boolean jdk) {
        TaskGroupBackend backend = TaskGroupBackend.selected();
        boolean inherited;
        try (Loop loop = Loop.parallel()) {
            inherited = loop.run(() -> ScopedValue.where(BOUND, Boolean.TRUE).call(
                    () -> TaskGroup.run(group -> group.spawn(BOUND::isBound).await())));
        }
        if (backend.isJdk() != jdk || inherited != jdk) {
            throw new IllegalStateException("this fork should run " + (jdk ? "the JDK's StructuredTaskScope" : "weft's own")
                    + " TaskGroup, but the engine chose \"" + backend + "\" and a child "
                    + (inherited ? "saw" : "did not see") + " the ScopedValue bound around its group");
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    @Fork(value = 3, jvmArgsAppend = {"--enable-preview", "-Dweft.taskGroup=own"})
    public void weft(Groups g, Loops loops, OwnBackend checked) {
        loops.parallel.run(() -> g.each(SpawnBenchmark::group));
    }

    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    @Fork(value = 3, jvmArgsAppend = {"--enable-preview", "-Dweft.taskGroup=jdk"})
    public void weftOnStructuredTaskScope(Groups g, Loops loops, JdkBackend checked) {
        loops.parallel.run(() -> g.each(SpawnBenchmark::group));
    }

    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    public void structuredTaskScope(Groups g) throws Exception {
        Drive.virtual(() -> g.each(SpawnBenchmark::scope));
    }

    @Benchmark
    @OperationsPerInvocation(CHILDREN)
    public void virtualThreads(Groups g) throws Exception {
        Drive.virtual(() -> g.each(n -> SpawnBenchmark.startAndJoin(Thread.ofVirtual(), n)));
    }
}
