/**
 * weft: asyncio's concurrency model for Java, on virtual threads.
 *
 * <p>The module exports {@code dev.weft} only; {@code dev.weft.internal} holds the machinery (the
 * one waiting mechanism, the schedulers, the timers) and is not part of the API.
 */
module dev.weft {
    requires org.slf4j;
    requires jdk.unsupported; // sun.misc.Signal: Weft.run turns SIGINT/SIGTERM into cancellation
    requires jdk.jfr; // dev.weft.TaskStart, TaskEnd, Wait, SlowTask, Deadlock (dev.weft.internal.jfr)

    exports dev.weft;
}
