package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class BlockingCodeTest {
    @Test
    void blocking_calls_run_on_platform_threads_and_in_a_child_process() throws Exception {
        assertEquals(List.of(
                "同步结果 同步结果", // CPython 3.13's output for the guide's program 13
                "runInExecutor(pool, f) ran on platform thread blocking-1",
                "toThread ran on a platform thread"), Output.of(BlockingCode::run));
    }
}
