package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionsTest {
    @Test
    void caught_in_the_task_seen_by_a_callback_settled_by_gather_and_a_forgotten_one_is_logged() throws Exception {
        // slf4j-simple writes to whatever System.err is when it logs: catch the never-retrieved warning.
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        List<String> lines;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            lines = Output.of(Exceptions::run);
        } finally {
            System.setErr(err);
        }
        assertEquals(List.of(
                "捕获异常: 异常示例", // CPython 3.13 prints this line for the guide's program 4
                "Task异常: 异常示例",
                "Caught exception: Oops!", // and this one for program 31
                "another_task ok",
                "Weft.run returned normally; weft logged \"Task exception was never retrieved: task forgotten\" at WARN (stderr)"),
                lines);
        String log = logged.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("Task exception was never retrieved: task forgotten"), log);
        assertTrue(log.contains("java.lang.IllegalStateException: nobody awaits me"), log);
    }
}
