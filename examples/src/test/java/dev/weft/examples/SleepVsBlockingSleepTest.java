package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class SleepVsBlockingSleepTest {
    @Test
    void a_blocking_sleep_stalls_a_cooperative_loop_only() throws Exception {
        List<String> lines = Output.of(SleepVsBlockingSleep::run);
        // The guide's program 10, as CPython prints it (timestamps aside).
        List<String> guide = lines.subList(0, 6).stream().map(l -> l.substring(0, l.indexOf(':'))).toList();
        assertEquals(List.of("开始异步睡眠", "开始异步睡眠", "结束异步睡眠", "结束异步睡眠", "开始同步睡眠", "结束同步睡眠"), guide);
        assertEquals(0, ticks(lines, "cooperative loop, Thread.sleep"));
        assertTrue(ticks(lines, "parallel loop, Thread.sleep") > 0);
        assertTrue(ticks(lines, "cooperative loop, toThread\\(Thread.sleep\\)") > 0);
    }

    private static int ticks(List<String> lines, String how) {
        return Integer.parseInt(line(lines, how + ": +ticks while the other task slept: (\\d+) +\\[.*\\]").group(1));
    }
}
