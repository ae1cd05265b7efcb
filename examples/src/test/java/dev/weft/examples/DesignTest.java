package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class DesignTest {
    @Test
    void retries_pool_logging_monitoring_and_virtual_time() throws Exception {
        List<String> lines = Output.of(Design::run);
        line(lines, "  attempt 1 failed \\(connection reset\\); retrying in 1\\.\\d{3} s");
        line(lines, "  attempt 2 failed \\(connection reset\\); retrying in 2\\.\\d{3} s");
        // Back-off waits of 2^i s plus jitter, on the virtual clock: exactly the two waits printed.
        Matcher ok = line(lines, "  https://api.example.com/1: ok after 3 attempts, (\\d+\\.\\d{3}) s on the loop clock");
        double first = Double.parseDouble(line(lines, "  attempt 1 failed .*; retrying in (\\S+) s").group(1));
        double second = Double.parseDouble(line(lines, "  attempt 2 failed .*; retrying in (\\S+) s").group(1));
        assertEquals(first + second, Double.parseDouble(ok.group(1)), 0.0015);
        line(lines, "connection pool of 3, 10 requests: at most [123] connections in use, connections used \\[conn-1, conn-2, conn-3\\]");
        line(lines, "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO fetch-users Starting task");
        line(lines, "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO fetch-users Task completed");
        line(lines, "allTasks\\(\\): \\[Task-\\d+, consumer-1, consumer-2\\]");
        line(lines, "  dump: - consumer-1: waiting on Event\\[unset, waiters=2\\]");
        line(lines, "  dump: - consumer-2: waiting on Event\\[unset, waiters=2\\]");
        line(lines, "virtual time test: \"Task timed out\" after 180 s on the loop clock, \\d+ ms of real time");
    }
}
