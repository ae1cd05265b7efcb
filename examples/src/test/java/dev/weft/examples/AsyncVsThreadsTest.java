package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class AsyncVsThreadsTest {
    @Test
    void each_way_finishes_all_twenty_jobs() throws Exception {
        List<String> lines = Output.of(AsyncVsThreads::run);
        line(lines, "weft tasks \\(virtual threads\\): +20 jobs done in \\d+ ms");
        line(lines, "platform threads \\(20 OS threads\\): +20 jobs done in \\d+ ms");
        line(lines, "OS processes \\(20 x sleep 0.2\\): +20 jobs done in \\d+ ms");
    }
}
