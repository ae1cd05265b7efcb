package dev.weft.examples;

import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Topic 1, what async is: the same I/O-bound job (20 waits of 200 ms, standing in for 20 network
 * calls) done three ways, each timed: weft tasks, a pool of platform threads, and OS processes.
 *
 * <p>The guide (question 1) describes asyncio as one thread running an event loop, threads as
 * OS-scheduled with a stack each, processes as separate memory. In weft a task is a virtual
 * thread: it parks at a wait like a coroutine at an {@code await}, at the price of a heap object,
 * not an OS thread. All three ways take about one wait, not twenty; what differs is the cost of
 * each waiter (a few hundred bytes, an OS thread, a whole process), which the bench module
 * measures. The times printed here are one run on whatever machine runs it, not a benchmark.
 */
public final class AsyncVsThreads {
    static final int JOBS = 20;
    static final Duration WAIT = Duration.ofMillis(200);

    private AsyncVsThreads() {
    }

    public static void main(String[] args) throws Exception {
        run(Console.out());
    }

    static void run(PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        List<String> weft = Weft.run(() -> {
            List<Task<String>> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                int n = i;
                jobs.add(Weft.spawn(() -> {
                    Weft.sleep(WAIT); // the task parks; no thread waits
                    return "job " + n;
                }));
            }
            return Weft.gather(jobs);
        });
        report(out, "weft tasks (virtual threads)", weft.size(), t0);

        t0 = System.nanoTime();
        int threads;
        try (ExecutorService pool = Executors.newFixedThreadPool(JOBS)) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    Thread.sleep(WAIT); // an OS thread blocks for the whole wait
                    return "job " + n;
                }));
            }
            threads = 0;
            for (Future<String> f : futures) {
                f.get();
                threads++;
            }
        }
        report(out, "platform threads (" + JOBS + " OS threads)", threads, t0);

        t0 = System.nanoTime();
        int processes = Weft.run(() -> {
            List<Task<Integer>> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                jobs.add(Weft.spawn(AsyncVsThreads::sleepProcess));
            }
            return Weft.gather(jobs).stream().mapToInt(code -> code == 0 ? 1 : 0).sum();
        });
        report(out, "OS processes (" + JOBS + " x sleep " + WAIT.toMillis() / 1000.0 + ")", processes, t0);
        out.println("all three take about one wait, not " + JOBS + ": the jobs wait at the same time");
    }

    /** One job as a process: `sleep 0.2`. The task waiting for it is parked, not a thread. */
    private static int sleepProcess() throws IOException, InterruptedException {
        return new ProcessBuilder("sleep", String.valueOf(WAIT.toMillis() / 1000.0)).start().waitFor();
    }

    private static void report(PrintStream out, String how, int done, long t0) {
        out.printf("%-40s %d jobs done in %d ms%n", how + ":", done, (System.nanoTime() - t0) / 1_000_000);
    }
}
