package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitsTest {
    @Test
    void three_at_a_time_in_cpythons_order_and_never_more_than_ten_of_a_hundred() throws Exception {
        List<String> lines = Output.of(ConcurrencyLimits::run);
        // CPython 3.13 prints exactly these ten lines for the guide's program 7.
        assertEquals(List.of(
                "任务 0 开始执行", "任务 1 开始执行", "任务 2 开始执行",
                "任务 0 执行完成", "任务 1 执行完成", "任务 2 执行完成",
                "任务 3 开始执行", "任务 4 开始执行",
                "任务 3 执行完成", "任务 4 执行完成"), lines.subList(0, 10));
        assertEquals("(5 tasks of 1 s, 3 at a time: 2.0 s on the virtual clock)", lines.get(10));
        Matcher m = line(lines, "Semaphore\\(10\\), 100 tasks on a parallel loop: 100 processed, at most (\\d+) at the same time");
        int most = Integer.parseInt(m.group(1));
        assertTrue(most >= 1 && most <= 10, "at most " + most);
    }
}
