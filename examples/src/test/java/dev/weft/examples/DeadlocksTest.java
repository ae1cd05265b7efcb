package dev.weft.examples;

import static dev.weft.examples.Output.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class DeadlocksTest {
    @Test
    void the_cycle_is_detected_a_timeout_frees_the_waiter_and_lock_ordering_avoids_it() throws Exception {
        assertEquals(List.of(
                "Task1 done",
                "DeadlockException: deadlock: Task2 waits for Lock(lock1) held by Task1, Task1 waits for Lock(lock2) held by Task2",
                "Task1 timeout, releasing lock1",
                "after the timeout: Lock(lock1)[unlocked]",
                "Task acquired lock",
                "DeadlockException: deadlock: deadlock_task acquires Lock(lock), which it already holds (Lock is not reentrant)",
                "Task1 done",
                "Task2 done"), Output.of(Deadlocks::run));
    }
}
