package dev.weft;

import java.util.ArrayDeque;
import java.util.Collections;

/** asyncio's {@code LifoQueue}: a {@link Queue} that hands out the item put last first. */
public final class LifoQueue<E> extends Queue<E> {
    /** An unbounded stack. */
    public LifoQueue() {
        this(0);
    }

    /** A stack of at most {@code maxsize} items ({@code <= 0}: unbounded). */
    public LifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
