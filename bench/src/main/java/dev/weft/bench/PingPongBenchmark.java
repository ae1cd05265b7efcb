package dev.weft.bench;

import com.softwaremill.jox.Channel;
import dev.weft.Body;
import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.bench.child.Child;
import dev.weft.bench.kotlin.KotlinBaselines;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Workload 3, ping-pong: one side sends a ball through a one-slot channel, the other sends it
 * back through a second one; the score is the time of one round trip (two hand-offs, each a
 * park and a wake-up of the other side).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PingPongBenchmark {
    /** Round trips per invocation. */
    public static final int ROUNDS = 10_000;
    /** Round trips per invocation between two processes (each costs two pipe writes and reads). */
    public static final int PROCESS_ROUNDS = 1_000;
    private static final Object BALL = new Object();

    /** The child JVM at the other end of the pipes, started once per trial of {@link #processes}. */
    @State(Scope.Benchmark)
    public static class Echo {
        Process child;

        @Setup(Level.Trial)
        public void start() throws Exception {
            child = Child.start("echo");
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            Child.stop(child);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void weftParallel(Loops loops) {
        loops.parallel.run(PingPongBenchmark::weftRounds);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void weftCooperative(Loops loops) {
        loops.cooperative.run(PingPongBenchmark::weftRounds);
    }

    /** weft's batch of {@link #ROUNDS} round trips through two {@code Queue(1)} (JfrBenchmark runs it too). */
    static void weftRounds() {
        Queue<Object> ping = new Queue<>(1);
        Queue<Object> pong = new Queue<>(1);
        Task<Void> other = Weft.spawn(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                pong.put(ping.get());
            }
        });
        for (int i = 0; i < ROUNDS; i++) {
            ping.put(BALL);
            pong.get();
        }
        other.await();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void synchronousQueueVirtual() throws Exception {
        jdkRounds(Thread.ofVirtual().factory(), new SynchronousQueue<>(), new SynchronousQueue<>());
    }

    /**
     * {@link #weftParallel} with the virtual-thread scheduler held to one carrier: what a hand-off
     * costs when no wake-up has to travel between two cores (and nothing spins: weft's waits
     * spin only with more than one carrier).
     */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    @Fork(value = 3, jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public void weftParallelOneCarrier(Loops loops) {
        loops.parallel.run(PingPongBenchmark::weftRounds);
    }

    /** {@link #synchronousQueueVirtual} with one carrier, beside {@link #weftParallelOneCarrier}. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    @Fork(value = 3, jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public void synchronousQueueVirtualOneCarrier() throws Exception {
        jdkRounds(Thread.ofVirtual().factory(), new SynchronousQueue<>(), new SynchronousQueue<>());
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void arrayBlockingQueueVirtual() throws Exception {
        jdkRounds(Thread.ofVirtual().factory(), new ArrayBlockingQueue<>(1), new ArrayBlockingQueue<>(1));
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void synchronousQueuePlatform() throws Exception {
        jdkRounds(Thread.ofPlatform().factory(), new SynchronousQueue<>(), new SynchronousQueue<>());
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void arrayBlockingQueuePlatform() throws Exception {
        jdkRounds(Thread.ofPlatform().factory(), new ArrayBlockingQueue<>(1), new ArrayBlockingQueue<>(1));
    }

    private static void jdkRounds(ThreadFactory threads, BlockingQueue<Object> ping, BlockingQueue<Object> pong)
            throws Exception {
        Drive.all(threads, List.of(
                () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        ping.put(BALL);
                        pong.take();
                    }
                },
                () -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        pong.put(ping.take());
                    }
                }));
    }

    /** This JVM and a child JVM echoing one byte over its stdin and stdout pipes. */
    @Benchmark
    @OperationsPerInvocation(PROCESS_ROUNDS)
    public void processes(Echo echo) throws Exception {
        Drive.virtual(() -> {
            for (int i = 0; i < PROCESS_ROUNDS; i++) {
                Child.roundTrip(echo.child);
            }
        });
    }

    /** Two rendezvous {@code Channel}s on {@code Dispatchers.Default}, the whole batch in Kotlin. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void kotlin() throws Exception {
        Drive.virtual(() -> KotlinBaselines.pingPong(ROUNDS));
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void jox() throws Exception {
        Channel<Object> ping = Channel.newRendezvousChannel();
        Channel<Object> pong = Channel.newRendezvousChannel();
        Body pinger = () -> {
            for (int i = 0; i < ROUNDS; i++) {
                ping.send(BALL);
                pong.receive();
            }
        };
        Body ponger = () -> {
            for (int i = 0; i < ROUNDS; i++) {
                pong.send(ping.receive());
            }
        };
        Drive.all(Thread.ofVirtual().factory(), List.of(pinger, ponger));
    }
}
