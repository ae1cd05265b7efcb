package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class TaskVsFutureTest {
    @Test
    void a_task_is_a_future_with_asyncios_result_exception_and_done_callbacks() throws Exception {
        List<String> lines = Output.of(TaskVsFuture::run);
        assertEquals("Weft.spawn outside a loop: IllegalStateException: no running loop", lines.get(0));
        assertEquals("state while it runs: RUNNING", lines.get(1));
        line(lines, "future.get\\(\\) = Done");
        line(lines, "state afterwards: SUCCESS, resultNow\\(\\) = Done");
        int callback = lines.indexOf("done callback: my_coroutine finished, result Done");
        int result = lines.indexOf("Done");
        assertTrue(callback > 0 && result > callback, String.join("\n", lines));
        line(lines, "failing.exception\\(\\) = java.lang.IllegalArgumentException: bad input, state FAILED");
    }
}
