package dev.weft.examples;

import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Topic 12, timeouts (the guide's question 11): {@link Weft#waitFor} on a body and on a task,
 * and {@link Weft#timeout} whose deadline the body moves with {@link dev.weft.Timeout#reschedule}.
 */
public final class Timeouts {
    private Timeouts() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static String slowOperation() {
        Weft.sleep(Duration.ofMillis(200)); // the guide: 2 s
        return "完成";
    }

    static void run(PrintStream out) {
        Weft.run(() -> {
            // The guide's program, as CPython prints it (2 s work, 1 s timeout; scaled to 200 ms, 100 ms).
            try {
                String result = Weft.waitFor(Duration.ofMillis(100), Timeouts::slowOperation);
                out.println(result);
            } catch (TimeoutException e) {
                out.println("操作超时");
            }
            out.println("in time: " + Weft.waitFor(Duration.ofMillis(500), Timeouts::slowOperation));

            // wait_for on a task: on time-out the task is cancelled and waited for, then TimeoutException.
            Task<String> query = Weft.spawn("query", () -> {
                try {
                    return slowOperation();
                } finally {
                    out.println("query: finally ran (cancelled: " + Weft.currentTask().cancelling() + " request)");
                }
            });
            try {
                Weft.waitFor(Duration.ofMillis(50), query);
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
    }
}
