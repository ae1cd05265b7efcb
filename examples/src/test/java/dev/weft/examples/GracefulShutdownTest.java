package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Runs the whole example: part 2 starts it again as a child JVM ({@code GracefulShutdown serve}),
 * sends SIGINT to one and SIGTERM to another, and prints their output and exit codes, which this
 * test checks along with the in-process parts.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class GracefulShutdownTest {
    @Test
    void every_way_cancels_something_and_cleans_up_and_signals_exit_with_130_and_143() throws Exception {
        List<String> lines = Output.of(GracefulShutdown::run);
        String all = String.join("\n", lines);

        assertEquals(List.of(
                "Task with delay 10s was cancelled",
                "Task completed after 1s",
                "Caught exception: dev.weft.CancelledException: shutting down"), between(lines, "-- 1.", "-- 2."));

        assertEquals(List.of(
                "  (sending SIGINT)",
                "  | Received exit signal SIGINT",
                "  | Task is cleaning up...",
                "  | Task cleanup completed",
                "  | main: finally block ran",
                "  exit code 130",
                "  (sending SIGTERM)",
                "  | Received exit signal SIGTERM",
                "  | Task is cleaning up...",
                "  | Task cleanup completed",
                "  | main: finally block ran",
                "  exit code 143"),
                between(lines, "-- 2.", "-- 3.").stream()
                        .filter(l -> !l.equals("  | Working..."))
                        .map(l -> l.replaceAll(" to pid \\d+", ""))
                        .toList(), all);
        assertFalse(all.contains("Weft.run returned"), all);

        List<String> resources = between(lines, "-- 3.", "-- 4.");
        assertEquals(List.of("Connecting to database...", "Connected", "Processing data..."), resources.subList(0, 3), all);
        List<String> end = resources.stream().dropWhile(l -> l.equals("Processing data...") || !l.startsWith("Worker")).toList();
        assertEquals(List.of("Worker is being cancelled", "Disconnecting from database...", "Disconnected", "worker cancelled: true"), end, all);

        assertEquals(List.of(
                "Child 1 started",
                "Child 2 started",
                "Child 1 is being cancelled",
                "Child 2 is being cancelled",
                "Parent task is being cancelled",
                "parent cancelled: true"), between(lines, "-- 4.", "-- 5."));

        assertEquals("Task timed out", lines.get(lines.size() - 1));
        assertTrue(line(lines, "-- 5\\. .*") != null);
    }

    /** The lines after the heading starting with {@code from}, up to the one starting with {@code to}. */
    private static List<String> between(List<String> lines, String from, String to) {
        return lines.stream().dropWhile(l -> !l.startsWith(from)).skip(1).takeWhile(l -> !l.startsWith(to)).toList();
    }
}
