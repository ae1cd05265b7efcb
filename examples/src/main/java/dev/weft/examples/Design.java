package dev.weft.examples;

import dev.weft.Event;
import dev.weft.Loop;
import dev.weft.Permit;
import dev.weft.Queue;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Topic 18, designing coroutine programs (the guide's "在设计异步协程时,需要考虑的因素有哪些"):
 * retries with exponential back-off and jitter, a connection pool ({@link Semaphore} + {@link
 * Queue}), logging with task names, monitoring with {@link Weft#allTasks} and {@link Loop#dump},
 * and testing with virtual time ({@code Loop.builder().cooperative().virtualTime()}), where an
 * hour of sleeping takes no time and every run is the same.
 */
public final class Design {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private Design() {
    }

    public static void main(String[] args) throws Exception {
        run(Console.out());
    }

    static void run(PrintStream out) throws Exception {
        retries(out);
        pool(out);
        logging(out);
        monitoring(out);
        virtualTime(out);
    }

    // ---- retries --------------------------------------------------------------------------

    /** The guide's fetch_with_retry: wait 2^i s plus up to 1 s of jitter between attempts; the last failure propagates. */
    static String fetchWithRetry(PrintStream out, String url, int retries, Random random, java.util.concurrent.Callable<String> fetch)
            throws Exception {
        for (int i = 0; i < retries; i++) {
            try {
                return fetch.call();
            } catch (Exception e) {
                if (i == retries - 1) {
                    throw e;
                }
                Duration wait = Duration.ofSeconds(1L << i).plusMillis(random.nextInt(1000)); // exponential back-off + jitter
                out.printf("  attempt %d failed (%s); retrying in %.3f s%n", i + 1, e.getMessage(), wait.toMillis() / 1000.0);
                Weft.sleep(wait);
            }
        }
        throw new IllegalArgumentException("retries must be positive");
    }

    private static void retries(PrintStream out) throws Exception {
        out.println("retries with back-off (virtual time: the waits take no real time):");
        try (Loop loop = Loop.builder().cooperative().virtualTime().build()) {
            long start = loop.now();
            AtomicInteger calls = new AtomicInteger();
            String result = loop.run(() -> fetchWithRetry(out, "https://api.example.com/1", 3, new Random(42), () -> {
                if (calls.incrementAndGet() < 3) {
                    throw new IllegalStateException("connection reset");
                }
                return "https://api.example.com/1: ok after " + calls.get() + " attempts";
            }));
            out.printf("  %s, %.3f s on the loop clock%n", result, (loop.now() - start) / 1e9);
        }
    }

    // ---- connection pool ------------------------------------------------------------------

    /** A pool of reusable connections: the semaphore bounds the borrowers, the queue hands out the connections. */
    static final class ConnectionPool {
        private final Semaphore slots;
        private final Queue<String> idle;

        ConnectionPool(int size) {
            slots = new Semaphore(size);
            idle = new Queue<>();
            for (int i = 1; i <= size; i++) {
                idle.putNowait("conn-" + i);
            }
        }

        <T> T with(java.util.function.Function<String, T> use) {
            try (Permit p = slots.hold()) {
                String c = idle.getNowait(); // never empty: a permit means a connection is idle
                try {
                    return use.apply(c);
                } finally {
                    idle.putNowait(c);
                }
            }
        }
    }

    private static void pool(PrintStream out) {
        ConnectionPool pool = new ConnectionPool(3);
        AtomicInteger inUse = new AtomicInteger(), most = new AtomicInteger();
        Set<String> used = java.util.Collections.synchronizedSet(new TreeSet<>());
        Weft.run(() -> {
            List<Task<String>> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                requests.add(Weft.spawn(() -> pool.with(conn -> {
                    most.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                    used.add(conn);
                    Weft.sleep(Duration.ofMillis(20));
                    inUse.decrementAndGet();
                    return "request " + n + " on " + conn;
                })));
            }
            Weft.gather(requests);
        });
        out.println("connection pool of 3, 10 requests: at most " + most.get() + " connections in use, connections used " + used);
    }

    // ---- logging --------------------------------------------------------------------------

    /** The guide's format "%(asctime)s %(levelname)s %(name)s %(message)s", with the task's name as the name. */
    static void log(PrintStream out, String message) {
        Task<?> t = Weft.currentTask();
        out.println(LocalDateTime.now().format(LOG_TIME) + " INFO " + (t == null ? "main" : t.name()) + " " + message);
    }

    private static void logging(PrintStream out) {
        Weft.run(() -> {
            Task<Void> task = Weft.spawn("fetch-users", () -> {
                log(out, "Starting task");
                Weft.sleep(Duration.ofMillis(50));
                log(out, "Task completed");
            });
            task.await();
        });
    }

    // ---- monitoring -----------------------------------------------------------------------

    private static void monitoring(PrintStream out) {
        Event stop = new Event();
        try (Loop loop = Loop.cooperative()) {
            loop.run(() -> {
                for (String name : List.of("consumer-1", "consumer-2")) {
                    Weft.spawn(name, () -> {
                        stop.await();
                    });
                }
                Weft.sleep(Duration.ZERO); // let them reach their wait
                out.println("allTasks(): " + Weft.allTasks().stream().map(Task::name).sorted().toList());
                loop.dump().lines().filter(l -> !l.startsWith("    ")).forEach(l -> out.println("  dump: " + l));
                stop.set();
            });
        }
    }

    // ---- testing with virtual time --------------------------------------------------------

    private static void virtualTime(PrintStream out) throws Exception {
        // The guide's tests need pytest-asyncio (not in the standard library), and its mock test awaits
        // response.text() on a MagicMock: TypeError: object str can't be used in 'await' expression.
        long real = System.nanoTime();
        try (Loop loop = Loop.builder().cooperative().virtualTime().build()) {
            long start = loop.now();
            String outcome = loop.run(() -> {
                try {
                    return Weft.waitFor(Duration.ofMinutes(3), () -> { // wait_for(slow_task(), timeout=3 min)
                        Weft.sleep(Duration.ofMinutes(10));
                        return "Done";
                    });
                } catch (TimeoutException e) {
                    return "Task timed out";
                }
            });
            out.printf("virtual time test: \"%s\" after %.0f s on the loop clock, %d ms of real time%n", outcome,
                    (loop.now() - start) / 1e9, (System.nanoTime() - real) / 1_000_000);
        }
        out.println("in JUnit: @WeftTest (weft-junit) runs a test method like this on virtual time; see DesignRetryTest");
    }
}
