package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class SchedulingTest {
    @Test
    void prints_the_guides_lines_in_its_order_and_one_cpu_bound_task_at_a_time_in_a_cooperative_loop() throws Exception {
        List<String> lines = Output.of(Scheduling::run);
        // CPython 3.13 prints these four lines, in this order (guide program 1).
        assertEquals(List.of("Task 1: Start", "Task 2: Start", "Task 2: End", "Task 1: End"), lines.subList(0, 4));
        line(lines, "a task is a continuation: same thread after the sleep: true, virtual: true");
        line(lines, " +cooperative loop: +most tasks running at once: 1, took \\d+ ms \\(cores: \\d+\\)");
        Matcher parallel = line(lines, " +parallel loop: +most tasks running at once: (\\d), took \\d+ ms \\(cores: \\d+\\)");
        assertTrue(Integer.parseInt(parallel.group(1)) >= 1);
    }
}
