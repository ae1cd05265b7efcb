package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class AdvantagesAndLimitsTest {
    @Test
    void io_bound_calls_gathered_and_cpu_bound_jobs_on_a_pool_give_the_same_results() throws Exception {
        List<String> lines = Output.of(AdvantagesAndLimits::run);
        line(lines, "I/O-bound, 50 calls one after another: \\d+ ms");
        line(lines, "I/O-bound, 50 calls gathered: +\\d+ ms");
        line(lines, "CPU-bound, \\d+ jobs on a pool of \\d+: +\\d+ ms");
        assertEquals("same results: true", lines.get(lines.size() - 1));
    }
}
