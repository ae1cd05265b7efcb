package dev.weft.bench;

import dev.weft.Body;
import dev.weft.Task;
import dev.weft.Weft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Where a baseline's batch runs: on threads the batch starts itself, joined by JMH's thread once
 * per invocation.
 *
 * <p>Anything that waits must wait where the measured thing would be: a virtual thread parking
 * and waking costs nanoseconds, JMH's own platform thread parking and waking costs tens of
 * microseconds of OS wake-up. So JMH's thread only starts a batch and joins it once; the batch
 * ({@code @OperationsPerInvocation} hand-offs, or N tasks) runs on the threads it is about. weft's
 * benchmarks pay the same once-per-invocation cost through {@code Loop.run}, which runs its main
 * task on a virtual thread and joins it.
 */
public final class Drive {
    private static final Body NOTHING = () -> {};

    private Drive() {}

    /** Runs {@code body} on a new virtual thread and waits for it; rethrows what it threw. */
    public static void virtual(Body body) throws Exception {
        all(Thread.ofVirtual().factory(), List.of(body));
    }

    /** Starts every body on its own thread from {@code threads}, waits for all, rethrows the first failure. */
    public static void all(ThreadFactory threads, List<? extends Body> bodies) throws Exception {
        Throwable[] failures = new Throwable[bodies.size()];
        Thread[] started = new Thread[bodies.size()];
        for (int i = 0; i < started.length; i++) {
            int slot = i;
            Body body = bodies.get(i);
            started[i] = threads.newThread(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failures[slot] = t;
                }
            });
            started[i].start();
        }
        for (Thread t : started) {
            t.join();
        }
        for (Throwable t : failures) {
            if (t instanceof Exception e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    /** Submits {@code task} {@code n} times to {@code pool} and waits for each result in turn. */
    public static void pooled(ExecutorService pool, int n, Callable<?> task) throws Exception {
        Future<?>[] futures = new Future<?>[n];
        for (int i = 0; i < n; i++) {
            futures[i] = pool.submit(task);
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    /**
     * The weft counterpart of {@link #all}: spawns every body as a task of the current loop and
     * gathers them (so it is called inside {@code Loop.run}).
     */
    public static void tasks(List<? extends Body> bodies) {
        List<Task<Void>> spawned = new ArrayList<>(bodies.size());
        for (Body body : bodies) {
            spawned.add(Weft.spawn(body));
        }
        Weft.gather(spawned);
    }

    /**
     * Workload 1's weft batch: spawns {@code n} trivial tasks in the current loop, then awaits
     * each in turn (so it is called inside {@code Loop.run}). SpawnBenchmark and JfrBenchmark
     * measure this same code.
     */
    public static void spawnAndAwait(int n) {
        Task<?>[] tasks = new Task<?>[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = Weft.spawn(NOTHING);
        }
        for (Task<?> t : tasks) {
            t.await();
        }
    }

    /** {@code copies} copies of {@code body}, for {@link #all} and {@link #tasks}. */
    public static List<Body> times(int copies, Body body) {
        return Collections.nCopies(copies, body);
    }
}
