package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class AtomicityTest {
    @Test
    void each_way_keeps_every_update_and_plain_increments_are_atomic_only_in_a_cooperative_loop() throws Exception {
        List<String> lines = Output.of(Atomicity::run);
        assertEquals("Final value: 10", lines.get(0)); // CPython 3.13, guide program 14
        line(lines, "  cooperative loop: 4000000");
        Matcher parallel = line(lines, "  parallel loop: +(\\d+) \\((updates lost|none lost this time; nothing guarantees it)\\)");
        assertTrue(Integer.parseInt(parallel.group(1)) <= 4_000_000);
        line(lines, "  parallel loop, AtomicInteger: 4000000");
        line(lines, "\\[0, 1, 2, 3, 4\\]"); // CPython 3.13, guide program 16
        line(lines, "immutable list swapped by 100 parallel tasks: 100 items");
        line(lines, "thread-safe queue filled from 100 to_thread calls: 100 items");
    }
}
