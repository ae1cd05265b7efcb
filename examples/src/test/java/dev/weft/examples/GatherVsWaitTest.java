package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class GatherVsWaitTest {
    @Test
    void gather_keeps_argument_order_and_wait_returns_done_and_pending() throws Exception {
        List<String> lines = Output.of(GatherVsWait::run);
        line(lines, "Gather结果: \\[0, 1, 2\\]");
        Matcher wait = line(lines, "Wait结果: \\[(\\d), (\\d), (\\d)\\]");
        assertEquals(List.of("0", "1", "2"), List.of(wait.group(1), wait.group(2), wait.group(3)).stream().sorted().toList());
        line(lines, "FIRST_COMPLETED: done \\[fast\\], pending 2 \\(wait cancels nothing: they still run\\)");
        line(lines, "FIRST_EXCEPTION: done \\[broken, ok\\], pending \\[long\\]");
        line(lines, "  broken failed: broken failed");
        line(lines, "gather threw: broken failed; long still running: true");
    }
}
