package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class AwaitAndGeneratorsTest {
    @Test
    void await_returns_the_result_and_the_producer_runs_only_when_asked() throws Exception {
        assertEquals(List.of(
                "spawned answer, done: false",
                "answer.await() = 42, done: true",
                "  producer: computing 1*1",
                "consumer: got 1",
                "  producer: computing 2*2",
                "consumer: got 4",
                "  producer: computing 3*3",
                "consumer: got 9",
                "  producer: finally (the consumer closed the generator)",
                "generator closed"), Output.of(AwaitAndGenerators::run));
    }
}
