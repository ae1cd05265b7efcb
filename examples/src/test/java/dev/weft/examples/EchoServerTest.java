package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class EchoServerTest {
    @Test
    void serves_every_client_each_connection_a_task() throws Exception {
        List<String> lines = Output.of(EchoServer::run);
        int clients = Integer.parseInt(line(lines, "(\\d+) clients connected at once, echoed: \\1/\\1").group(1));
        assertEquals("connections served: " + clients, lines.get(lines.size() - 1));
        if (!lines.get(0).startsWith("file descriptor limit")) {
            assertEquals(EchoServer.CLIENTS, clients);
        }
        line(lines, "platform threads in this JVM meanwhile: \\d+ \\(tasks are virtual threads\\)");
    }
}
