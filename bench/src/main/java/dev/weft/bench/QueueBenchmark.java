package dev.weft.bench;

import com.softwaremill.jox.Channel;
import dev.weft.Body;
import dev.weft.Queue;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Workload 4, queue throughput: {@code pairs} producers and as many consumers move
 * {@value #ITEMS} items through one queue of capacity {@value #CAPACITY}, all on virtual threads
 * (or weft tasks); the score is the time per item.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class QueueBenchmark {
    /** Items per invocation; divisible by every {@code pairs}. */
    public static final int ITEMS = 100_000;
    public static final int CAPACITY = 1024;
    private static final Object ITEM = new Object();

    /** 1: one producer and one consumer; 4: four of each. */
    @Param({"1", "4"})
    public int pairs;

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void weftParallel(Loops loops) {
        loops.parallel.run(() -> weftItems(ITEMS, pairs));
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void weftCooperative(Loops loops) {
        loops.cooperative.run(() -> weftItems(ITEMS, pairs));
    }

    /**
     * Moves {@code items} items through a new weft {@code Queue} of capacity {@value #CAPACITY}
     * from {@code pairs} producer tasks to as many consumers; called inside {@code Loop.run}. Also
     * played by {@code dev.weft.bench.hops.QueueSamples}, which profiles this workload.
     */
    public static void weftItems(int items, int pairs) {
        Queue<Object> queue = new Queue<>(CAPACITY);
        int each = items / pairs;
        Drive.tasks(sides(pairs,
                () -> {
                    for (int i = 0; i < each; i++) {
                        queue.put(ITEM);
                    }
                },
                () -> {
                    for (int i = 0; i < each; i++) {
                        queue.get();
                    }
                }));
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void arrayBlockingQueue() throws Exception {
        jdkItems(new ArrayBlockingQueue<>(CAPACITY), ITEMS, pairs);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void linkedBlockingQueue() throws Exception {
        jdkItems(new LinkedBlockingQueue<>(CAPACITY), ITEMS, pairs);
    }

    /** {@link #weftItems}'s counterpart on virtual threads, through a JDK {@code queue}. */
    public static void jdkItems(BlockingQueue<Object> queue, int items, int pairs) throws Exception {
        int each = items / pairs;
        Drive.all(Thread.ofVirtual().factory(), sides(pairs,
                () -> {
                    for (int i = 0; i < each; i++) {
                        queue.put(ITEM);
                    }
                },
                () -> {
                    for (int i = 0; i < each; i++) {
                        queue.take();
                    }
                }));
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void jox() throws Exception {
        Channel<Object> channel = Channel.newBufferedChannel(CAPACITY);
        int each = ITEMS / pairs;
        Drive.all(Thread.ofVirtual().factory(), sides(pairs,
                () -> {
                    for (int i = 0; i < each; i++) {
                        channel.send(ITEM);
                    }
                },
                () -> {
                    for (int i = 0; i < each; i++) {
                        channel.receive();
                    }
                }));
    }

    /** {@code pairs} producers and {@code pairs} consumers, to run each on its own thread or task. */
    private static List<Body> sides(int pairs, Body producer, Body consumer) {
        List<Body> bodies = new ArrayList<>(2 * pairs);
        for (int p = 0; p < pairs; p++) {
            bodies.add(producer);
            bodies.add(consumer);
        }
        return bodies;
    }

    /** A buffered {@code Channel} on {@code Dispatchers.Default}, the whole batch in Kotlin. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void kotlin() throws Exception {
        Drive.virtual(() -> KotlinBaselines.queueThroughput(ITEMS, pairs, CAPACITY));
    }
}
