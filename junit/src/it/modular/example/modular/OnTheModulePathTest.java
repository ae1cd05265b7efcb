package example.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Loop;
import dev.weft.Weft;
import dev.weft.junit.WeftTest;
import java.time.Duration;

/** Run by WeftTestOnTheModulePathIT, which checks that the first two pass and the third fails. */
class OnTheModulePathTest {
    @WeftTest
    void sleepsAnHourInNoTime(Loop loop) {
        long t0 = Weft.now();
        Weft.sleep(Duration.ofHours(1));
        assertEquals(Duration.ofHours(1), Duration.ofNanos(Weft.now() - t0));
        assertTrue(loop.toString().startsWith("Loop[cooperative, virtual time"), loop::toString);
        assertTrue(loop.tasks().contains(Weft.currentTask()), "the injected loop runs the test");
    }

    @WeftTest(mode = WeftTest.Mode.PARALLEL)
    void runsInAParallelLoop(Loop loop) {
        assertTrue(loop.toString().startsWith("Loop[parallel"), loop::toString);
        assertEquals(42, Weft.spawn(() -> 42).await());
    }

    @WeftTest
    void leavesATaskRunning() {
        Weft.spawn("straggler", () -> Weft.sleep(Duration.ofHours(1)));
        Weft.sleep(Duration.ZERO); // let it start and wait
    }
}
