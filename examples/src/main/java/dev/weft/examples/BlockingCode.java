package dev.weft.examples;

import dev.weft.Weft;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Topic 14, integrating blocking code (the guide's question 13 and its design section's
 * {@code to_thread}): {@link Weft#toThread} (asyncio's default executor), {@link
 * Weft#runInExecutor} with a platform pool of your own, and a child process driven from a task.
 * The guide's program prints {@code 同步结果 同步结果}; so does this one.
 */
public final class BlockingCode {
    private BlockingCode() {
    }

    public static void main(String[] args) {
        run(Console.out());
    }

    static String syncFunction() throws InterruptedException {
        Thread.sleep(Duration.ofMillis(100)); // the guide: time.sleep(1), a blocking call
        return "同步结果";
    }

    static void run(PrintStream out) {
        Weft.run(() -> {
            String result1 = Weft.toThread(BlockingCode::syncFunction); // loop.run_in_executor(None, f)

            // The guide sends sync_function to a ProcessPoolExecutor, pickling it to another Python.
            // A JVM cannot ship a method to a process; it runs a program there: here `sh` echoes it.
            String result2 = childProcess("sleep 0.1; printf '同步结果'");
            out.println(result1 + " " + result2);

            try (ExecutorService pool = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("blocking-", 1).factory())) {
                String where = Weft.runInExecutor(pool, () -> {
                    syncFunction();
                    return Thread.currentThread().getName();
                });
                out.println("runInExecutor(pool, f) ran on platform thread " + where);
            }
            out.println("toThread ran on " + Weft.toThread(() -> Thread.currentThread().isVirtual() ? "a virtual thread" : "a platform thread"));
        });
    }

    /** Runs a shell command in a child process; the task parks while it runs. Returns its output. */
    static String childProcess(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("`" + command + "` exited with " + p.exitValue() + ": " + output);
        }
        return output;
    }
}
