package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class EventLoopTest {
    @Test
    void runs_twice_takes_work_from_a_plain_thread_and_dumps_what_the_task_waits_on() throws Exception {
        List<String> lines = Output.of(EventLoop::run);
        assertEquals("loop.run(main) returned 42", lines.get(0));
        assertEquals("run again on the same loop: second run", lines.get(1));
        line(lines, "  Loop\\[cooperative, 1 live task\\]");
        String task = line(lines, "  - (Task-\\d+): waiting on Event\\[unset, waiters=1\\]").group(1);
        line(lines, "submitted from thread not-a-task, ran as task " + task);
        assertEquals("loop closed", lines.get(lines.size() - 1));
    }
}
