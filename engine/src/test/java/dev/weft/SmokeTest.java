package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmokeTest {
    @ParameterizedTest
    @EnumSource(Mode.class)
    void gather_of_bodies_returns_results_in_order(Mode mode) {
        List<Integer> r = Tasks.run(mode, () -> Weft.gather(() -> 1, () -> {
            Weft.sleep(Duration.ofMillis(1));
            return 2;
        }, () -> 3));
        assertEquals(List.of(1, 2, 3), r);
    }
}
