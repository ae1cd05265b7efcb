package dev.weft.examples;

import dev.weft.Event;
import dev.weft.Outcome;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Topic 6, exceptions in tasks (the guide's question 5, and its design section's
 * {@code gather(return_exceptions=True)}): caught inside the task, seen by a done callback,
 * collected by {@link Weft#gatherSettled}, and the warning for a failure nobody looked at.
 */
public final class Exceptions {
    private Exceptions() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static void run(PrintStream out) {
        Weft.run(() -> {
            // 1. try/catch inside the task (the guide's task_with_exception, as CPython prints it).
            Weft.spawn(() -> {
                try {
                    Weft.sleep(Duration.ofMillis(20));
                    throw new IllegalArgumentException("异常示例");
                } catch (Exception e) {
                    out.println("捕获异常: " + e.getMessage());
                }
            }).await();

            // 2. A done callback. The guide attaches it to the task above, which catches its own
            // exception, so task.exception() is None and CPython prints nothing; here the task fails.
            Event seen = new Event();
            Task<Void> failing = Weft.spawn(() -> {
                Weft.sleep(Duration.ofMillis(20));
                throw new IllegalArgumentException("异常示例");
            });
            failing.addDoneCallback(t -> {
                if (t.exception() != null) {
                    out.println("Task异常: " + t.exception().getMessage());
                }
                seen.set();
            });
            seen.await();

            // 3. gather(..., return_exceptions=True): an Outcome per task, in argument order.
            List<Outcome<String>> results = Weft.gatherSettled(() -> {
                Weft.sleep(Duration.ofMillis(20));
                throw new IllegalArgumentException("Oops!");
            }, () -> "another_task ok");
            for (Outcome<String> result : results) {
                switch (result) {
                    case Outcome.Failure<String> f -> out.println("Caught exception: " + f.error().getMessage());
                    case Outcome.Success<String> s -> out.println(s.value());
                }
            }
        });

        // 4. The guide: an uncaught exception in a task makes the loop raise RuntimeError and may
        // crash the program. CPython 3.13: asyncio.run returns normally and logs "Task exception was never retrieved".
        String r = Weft.run(() -> {
            Task<Void> forgotten = Weft.spawn("forgotten", () -> {
                throw new IllegalStateException("nobody awaits me");
            });
            Weft.wait(List.of(forgotten)); // wait, like asyncio.wait, does not retrieve the exception
            return "Weft.run returned normally";
        });
        out.println(r + "; weft logged \"Task exception was never retrieved: task forgotten\" at WARN (stderr)");
    }
}
