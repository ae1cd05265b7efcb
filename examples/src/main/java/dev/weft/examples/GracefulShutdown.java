package dev.weft.examples;

import dev.weft.CancelledException;
import dev.weft.Event;
import dev.weft.Loop;
import dev.weft.Outcome;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Topic 16, graceful shutdown (the guide's "协程调度如何优雅退出", five programs), each done so
 * that something is actually cancelled and cleans up:
 *
 * <ol>
 *   <li>{@link Weft#gatherSettled} after cancelling what is still running at a deadline.
 *   <li>SIGINT and SIGTERM through {@link Weft#run}: this class started again as a child JVM
 *       ({@code GracefulShutdown serve}), sent each signal; its task cleans up and the JVM exits
 *       with 130 / 143.
 *   <li>Cleanup with try-with-resources (asyncio's {@code async with}) when a worker is cancelled.
 *   <li>Hierarchical cancellation: cancelling a parent cancels its {@link TaskGroup}'s children,
 *       which finish before the parent does.
 *   <li>A timeout as the last resort.
 * </ol>
 * Durations are the guide's on virtual time (1), scaled down elsewhere.
 */
public final class GracefulShutdown {
    /** Hang guards for the child JVM, not timings: how long a step may take before giving up. */
    private static final long GUARD_SECONDS = 60;

    private GracefulShutdown() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            serve(Console.out());
        } else {
            run(Console.out());
        }
    }

    static void run(PrintStream out) throws Exception {
        out.println("-- 1. gatherSettled");
        settled(out);
        out.println("-- 2. SIGINT and SIGTERM (a child JVM running GracefulShutdown serve)");
        for (String signal : List.of("INT", "TERM")) {
            signalChild(out, signal);
        }
        out.println("-- 3. try-with-resources");
        resources(out);
        out.println("-- 4. hierarchical cancellation with TaskGroup");
        hierarchy(out);
        out.println("-- 5. a timeout as the last resort");
        Weft.run(() -> {
            try {
                Weft.waitFor(Duration.ofMillis(300), () -> { // the guide: wait_for(slow_task(), timeout=3)
                    Weft.sleep(Duration.ofSeconds(1));
                    return "Done";
                });
            } catch (TimeoutException e) {
                out.println("Task timed out");
            }
        });
    }

    // ---- 1 ------------------------------------------------------------------------------------

    static String task(PrintStream out, Duration delay) {
        try {
            Weft.sleep(delay);
            return "Task completed after " + seconds(delay);
        } catch (CancelledException e) {
            out.println("Task with delay " + seconds(delay) + " was cancelled");
            throw e; // re-raise to keep the cancelled state
        }
    }

    // The guide gathers task(1) and task(10) with return_exceptions=True and nothing ever cancels them: CPython
    // waits the full 10 s and prints two "Task completed" lines; its `except CancelledError` never runs.
    /** Cancels what is left at a 3 s deadline; on virtual time, so the guide's 1 s and 10 s cost no real time. */
    private static void settled(PrintStream out) {
        try (Loop loop = Loop.builder().cooperative().virtualTime().build()) {
            loop.run(() -> {
                List<Task<String>> tasks = List.of(
                        Weft.spawn(() -> task(out, Duration.ofSeconds(1))),
                        Weft.spawn(() -> task(out, Duration.ofSeconds(10))));
                Weft.wait(tasks, Duration.ofSeconds(3), ReturnWhen.ALL_COMPLETED); // the shutdown deadline
                tasks.forEach(t -> t.cancel("shutting down"));
                for (Outcome<String> result : Weft.gatherSettled(tasks)) {
                    switch (result) {
                        case Outcome.Failure<String> f -> out.println("Caught exception: " + f.error());
                        case Outcome.Success<String> s -> out.println(s.value());
                    }
                }
            });
        }
    }

    // ---- 2 ------------------------------------------------------------------------------------

    // The guide's handlers create_task(shutdown()) which awaits the cancelled task and then calls loop.stop():
    // CPython prints the cleanup lines, then main's `await task` raises CancelledError: a traceback, exit status 1.
    /** The child JVM's program: a long-running task; Weft.run turns SIGINT/SIGTERM into its cancellation. */
    static void serve(PrintStream out) {
        Weft.run(() -> {
            Task<Void> task = Weft.spawn("long_running_task", () -> {
                try {
                    for (;;) {
                        out.println("Working...");
                        Weft.sleep(Duration.ofMillis(100));
                    }
                } catch (CancelledException e) {
                    out.println("Received exit signal " + e.getMessage()); // the cancel message: SIGINT or SIGTERM
                    out.println("Task is cleaning up...");
                    Weft.sleep(Duration.ofMillis(50)); // cleanup may still wait
                    out.println("Task cleanup completed");
                    throw e;
                }
            });
            try {
                task.await(); // a cancellation of main is passed on to the task it awaits
            } finally {
                out.println("main: finally block ran");
            }
        });
        out.println("Weft.run returned"); // never printed: after a signal, Weft.run exits the JVM
    }

    private static void signalChild(PrintStream out, String signal) throws Exception {
        Process p = ChildJvm.start(GracefulShutdown.class, "serve");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().name("child-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String first = lines.poll(GUARD_SECONDS, TimeUnit.SECONDS);
            if (!"Working...".equals(first)) {
                out.println("  child did not start working: " + first);
                return;
            }
            out.println("  | " + first);
            out.println("  (sending SIG" + signal + " to pid " + p.pid() + ")");
            if (!ChildJvm.signal(p, signal)) {
                out.println("  kill -" + signal + " failed");
                return;
            }
            if (!p.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)) {
                out.println("  child did not exit within " + GUARD_SECONDS + " s");
                return;
            }
            reader.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            for (String l; (l = lines.poll()) != null; ) {
                out.println("  | " + l);
            }
            out.println("  exit code " + p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    // ---- 3 ------------------------------------------------------------------------------------

    /** The guide's DatabaseConnection: connect on entry, disconnect on exit, both awaiting. */
    static final class DatabaseConnection implements AutoCloseable {
        private final PrintStream out;

        DatabaseConnection(PrintStream out) {
            this.out = out;
            out.println("Connecting to database...");
            Weft.sleep(Duration.ofMillis(50));
            out.println("Connected");
        }

        @Override
        public void close() {
            out.println("Disconnecting from database...");
            Weft.sleep(Duration.ofMillis(50)); // runs even though the task is being cancelled
            out.println("Disconnected");
        }
    }

    // The guide runs asyncio.run(worker()) and never cancels it: it loops until Ctrl-C. On SIGTERM CPython
    // just dies (exit 143) without "Disconnected": no handler, no cleanup. Here the worker is cancelled.
    private static void resources(PrintStream out) {
        Weft.run(() -> {
            Event working = new Event();
            Task<Void> worker = Weft.spawn("worker", () -> {
                try (DatabaseConnection db = new DatabaseConnection(out)) { // async with DatabaseConnection() as db:
                    try {
                        for (;;) {
                            out.println("Processing data...");
                            working.set();
                            Weft.sleep(Duration.ofMillis(100));
                        }
                    } catch (CancelledException e) {
                        out.println("Worker is being cancelled");
                        throw e; // then close() disconnects
                    }
                }
            });
            working.await(); // connected and working: now stop it
            Weft.sleep(Duration.ofMillis(150));
            worker.cancel();
            Weft.wait(List.of(worker));
            out.println("worker cancelled: " + worker.isCancelled());
        });
    }

    // ---- 4 ------------------------------------------------------------------------------------

    static void childTask(PrintStream out, String name) {
        try {
            out.println(name + " started");
            Weft.sleep(Duration.ofSeconds(10));
            out.println(name + " completed");
        } catch (CancelledException e) {
            out.println(name + " is being cancelled");
            throw e;
        }
    }

    // The guide's parent_task is never cancelled either: CPython waits 10 s and prints "Child 1 completed",
    // "Child 2 completed". Here the parent is cancelled; a cooperative loop on virtual time makes the order fixed.
    private static void hierarchy(PrintStream out) {
        try (Loop loop = Loop.builder().cooperative().virtualTime().build()) {
            loop.run(() -> {
                Task<Void> parent = Weft.spawn("parent", () -> {
                    try {
                        TaskGroup.run(group -> {
                            group.spawn(() -> childTask(out, "Child 1"));
                            group.spawn(() -> childTask(out, "Child 2"));
                            return null;
                        });
                    } catch (CancelledException e) {
                        out.println("Parent task is being cancelled"); // once both children have finished
                        throw e;
                    }
                });
                Weft.sleep(Duration.ofSeconds(1)); // on virtual time: once every task waits
                parent.cancel();
                Weft.wait(List.of(parent));
                out.println("parent cancelled: " + parent.isCancelled());
            });
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }
}
