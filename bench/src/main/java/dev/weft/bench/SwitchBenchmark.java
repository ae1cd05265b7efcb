package dev.weft.bench;

import dev.weft.Weft;
import dev.weft.bench.kotlin.KotlinBaselines;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Workload 6, cooperative switch: {@code tasks} ready tasks each give way
 * ({@code sleep(Duration.ZERO)}, {@code Thread.yield()}, Kotlin {@code yield()}) until
 * {@value #SWITCHES} switches are done in all; the score is the time per switch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class SwitchBenchmark {
    /** Switches per invocation; divisible by every {@code tasks}. */
    public static final int SWITCHES = 100_000;

    @Param({"2", "1000"})
    public int tasks;

    /** asyncio's model: one task at a time, the ready ones in FIFO order. */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void weftCooperative(Loops loops) {
        loops.cooperative.run(() -> weftSwitches(tasks));
    }

    /**
     * {@link #weftCooperative} with the virtual-thread scheduler held to one carrier: the baton's
     * hand-off without a wake-up that travels between two cores.
     */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    @Fork(value = 3, jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public void weftCooperativeOneCarrier(Loops loops) {
        loops.cooperative.run(() -> weftSwitches(tasks));
    }

    /** sleep(ZERO) on a parallel loop: the task yields its carrier thread. */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void weftParallel(Loops loops) {
        loops.parallel.run(() -> weftSwitches(tasks));
    }

    private static void weftSwitches(int tasks) {
        int each = SWITCHES / tasks;
        Drive.tasks(Drive.times(tasks, () -> {
            for (int i = 0; i < each; i++) {
                Weft.sleep(Duration.ZERO);
            }
        }));
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void virtualThreads() throws Exception {
        yieldingVirtualThreads(tasks);
    }

    /** Thread.yield() with one carrier thread, so a yield always hands over to another ready thread. */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    @Fork(value = 3, jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public void virtualThreadsOneCarrier() throws Exception {
        yieldingVirtualThreads(tasks);
    }

    private static void yieldingVirtualThreads(int tasks) throws Exception {
        int each = SWITCHES / tasks;
        Drive.all(Thread.ofVirtual().factory(), Drive.times(tasks, () -> {
            for (int i = 0; i < each; i++) {
                Thread.yield();
            }
        }));
    }

    /** yield() on runBlocking's single-thread event loop. */
    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void kotlin() throws Exception {
        Drive.virtual(() -> KotlinBaselines.cooperativeSwitch(tasks, SWITCHES));
    }
}
