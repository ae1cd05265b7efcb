package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class ContextManagersAndIteratorsTest {
    @Test
    void prints_the_guides_lines_and_releases_the_lock_after_the_block() throws Exception {
        List<String> lines = Output.of(ContextManagersAndIterators::run);
        // CPython 3.13 prints 连接数据库 / 查询结果 / 关闭数据库连接 (program 8) and 0 / 1 / 2 (program 9).
        assertEquals(List.of("连接数据库", "查询结果", "关闭数据库连接"), lines.subList(0, 3));
        line(lines, "inside async with lock: Lock\\(the-lock\\)\\[locked, owner=Task-\\d+\\]");
        assertEquals("after the block: Lock(the-lock)[unlocked]", lines.get(4));
        assertEquals(List.of("0", "1", "2"), lines.subList(5, 8));
        assertEquals(8, lines.size());
    }
}
