package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
    @Test
    void times_out_cancels_and_waits_and_reschedule_moves_the_deadline() throws Exception {
        assertEquals(List.of(
                "操作超时", // CPython 3.13's output for the guide's program 12
                "in time: 完成",
                "query: finally ran (cancelled: 1 request)",
                "waitFor(task): TimeoutException; query cancelled: true",
                "timeout with reschedule: got 5 chunks",
                "timeout without reschedule: expired() = true",
                "timeout without reschedule: TimeoutException",
                "(3.90 s on the loop clock)"), Output.of(Timeouts::run));
    }
}
