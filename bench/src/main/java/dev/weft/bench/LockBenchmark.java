package dev.weft.bench;

import dev.weft.Body;
import dev.weft.Lock;
import dev.weft.Loop;
import dev.weft.Semaphore;
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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Workload 5, lock and semaphore: {@code tasks} virtual threads (or weft tasks of a parallel loop)
 * share {@value #OPS} acquire / increment / release rounds on one lock or one-permit semaphore.
 * {@code tasks = 1} is the uncontended case, {@code tasks = 4} the contended one. The score is the
 * time per acquire/release pair.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class LockBenchmark {
    /** Acquire/release pairs per invocation; divisible by every {@code tasks}. */
    public static final int OPS = 100_000;

    @Param({"1", "4"})
    public int tasks;

    /** The guarded state; written only while holding the lock under test. */
    private long counter;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long weftLock(Loops loops) {
        Lock lock = new Lock();
        return weftTasks(loops.parallel, () -> {
            lock.acquire();
            try {
                counter++;
            } finally {
                lock.release();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long weftSemaphore(Loops loops) {
        Semaphore semaphore = new Semaphore(1);
        return weftTasks(loops.parallel, () -> {
            semaphore.acquire();
            try {
                counter++;
            } finally {
                semaphore.release();
            }
        });
    }

    /** Runs {@code round} OPS times in all, split over {@code tasks} weft tasks. */
    private long weftTasks(Loop parallel, Body round) {
        int each = OPS / tasks;
        parallel.run(() -> Drive.tasks(Drive.times(tasks, () -> {
            for (int i = 0; i < each; i++) {
                round.run();
            }
        })));
        return counter;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long reentrantLock() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        return virtualThreads(() -> {
            lock.lock();
            try {
                counter++;
            } finally {
                lock.unlock();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long semaphore() throws Exception {
        java.util.concurrent.Semaphore semaphore = new java.util.concurrent.Semaphore(1);
        return virtualThreads(() -> {
            semaphore.acquire();
            try {
                counter++;
            } finally {
                semaphore.release();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long synchronizedBlock() throws Exception {
        Object monitor = new Object();
        return virtualThreads(() -> {
            synchronized (monitor) {
                counter++;
            }
        });
    }

    /** Runs {@code round} OPS times in all, split over {@code tasks} virtual threads. */
    private long virtualThreads(Body round) throws Exception {
        int each = OPS / tasks;
        Drive.all(Thread.ofVirtual().factory(), Drive.times(tasks, () -> {
            for (int i = 0; i < each; i++) {
                round.run();
            }
        }));
        return counter;
    }
}
