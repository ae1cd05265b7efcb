package dev.weft.examples;

import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Topic 12, timeouts (the guide's question 11): {@link Weft#waitFor} on a body and on a task,
 * and {@link Weft#timeout} whose deadline the body moves with {@link dev.weft.Timeout#reschedule}.
 * On a virtual-time loop, so the guide's own durations (2 s of work, a 1 s timeout) cost no real
 * time and every run takes the same path; the loop clock is printed at the end.
 */
public final class Timeouts {
    private Timeouts() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static String slowOperation() {
        Weft.sleep(Duration.ofSeconds(2)); // asyncio.sleep(2): simulated slow work
        return "完成";
    }

    static void run(PrintStream out) {
        try (Loop loop = Loop.builder().cooperative().virtualTime().build()) {
            long start = loop.now();
            loop.run(() -> {
                // The guide's program, as CPython prints it.
                try {
                    String result = Weft.waitFor(Duration.ofSeconds(1), Timeouts::slowOperation);
                    out.println(result);
                } catch (TimeoutException e) {
                    out.println("操作超时");
                }
                out.println("in time: " + Weft.waitFor(Duration.ofSeconds(5), Timeouts::slowOperation));

                // wait_for on a task: on time-out the task is cancelled and waited for, then TimeoutException.
                Task<String> query = Weft.spawn("query", () -> {
                    try {
                        return slowOperation();
                    } finally {
                        out.println("query: finally ran (cancelled: " + Weft.currentTask().cancelling() + " request)");
                    }
            });
            try {
                Weft.waitFor(Duration.ofMillis(500), query);
            } catch (TimeoutException e) {
                out.println("waitFor(task): TimeoutException; query cancelled: " + query.isCancelled());
            }

            // asyncio.timeout() with reschedule: a download that pushes its deadline on each chunk.
            String download = Weft.timeout(Duration.ofMillis(100), scope -> {
                for (int chunk = 1; chunk <= 5; chunk++) {
                    Weft.sleep(Duration.ofMillis(60)); // 5 x 60 ms: longer than the 100 ms first given
                    scope.reschedule(Weft.now() + Duration.ofMillis(100).toNanos()); // progress: 100 ms more
                }
                return "5 chunks";
            });
            out.println("timeout with reschedule: got " + download);
            try {
                Weft.timeout(Duration.ofMillis(100), scope -> {
                    try {
                        for (int chunk = 1; chunk <= 5; chunk++) {
                            Weft.sleep(Duration.ofMillis(60)); // no reschedule: the second chunk runs past 100 ms
                        }
                        return "5 chunks";
                    } finally {
                        out.println("timeout without reschedule: expired() = " + scope.expired());
                    }
                });
            } catch (TimeoutException e) {
                out.println("timeout without reschedule: TimeoutException");
            }
            });
            out.printf("(%.2f s on the loop clock)%n", (loop.now() - start) / 1e9);
        }
    }
}
