package dev.weft.bench;

import dev.weft.Event;
import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.bench.kotlin.WaitingCoroutines;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Workload 7, cancellation: {@code n} tasks wait (started before the measured part, in a
 * per-invocation setup that returns once every one of them is parked); the measured part cancels
 * them all and waits until all are done. The score is the time for the whole batch (the report
 * divides by n).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CancelBenchmark {

    /** weft tasks of a parallel loop waiting on an Event that is never set. */
    @State(Scope.Benchmark)
    public static class WeftTasks {
        @Param({"10000"})
        public int n;

        Loop loop;
        final Event never = new Event();
        List<Task<Boolean>> waiting;

        @Setup(Level.Trial)
        public void open() {
            loop = Loop.parallel();
        }

        @Setup(Level.Invocation)
        public void park() {
            waiting = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                waiting.add(loop.submit(never::await));
            }
            while (never.statistics().waiters() < n) {
                Thread.onSpinWait();
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            loop.close();
        }
    }

    @Benchmark
    public void weft(WeftTasks s) {
        s.loop.run(() -> {
            for (Task<Boolean> t : s.waiting) {
                t.cancel();
            }
            Weft.wait(s.waiting);
        });
    }

    /** Virtual threads waiting on a latch that never opens; cancelled by interrupt. */
    @State(Scope.Benchmark)
    public static class VirtualThreads {
        @Param({"10000"})
        public int n;

        final CountDownLatch never = new CountDownLatch(1);
        Thread[] waiting;

        @Setup(Level.Invocation)
        public void park() {
            waiting = new Thread[n];
            for (int i = 0; i < n; i++) {
                waiting[i] = Thread.startVirtualThread(() -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        // cancelled: end
                    }
                });
            }
            for (Thread t : waiting) {
                while (t.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    @Benchmark
    public void virtualThreads(VirtualThreads s) throws Exception {
        Drive.virtual(() -> {
            for (Thread t : s.waiting) {
                t.interrupt();
            }
            for (Thread t : s.waiting) {
                t.join();
            }
        });
    }

    /** Coroutines on Dispatchers.Default suspended in awaitCancellation(). */
    @State(Scope.Benchmark)
    public static class Coroutines {
        @Param({"10000"})
        public int n;

        WaitingCoroutines waiting;

        @Setup(Level.Invocation)
        public void park() {
            waiting = new WaitingCoroutines(n);
            waiting.start();
        }

        @TearDown(Level.Invocation)
        public void close() {
            waiting.close();
        }
    }

    /** Kotlin: cancel every Job, then join them all. */
    @Benchmark
    public void kotlin(Coroutines s) throws Exception {
        Drive.virtual(() -> s.waiting.cancelAll());
    }
}
