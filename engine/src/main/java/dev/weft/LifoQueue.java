package dev.weft;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * asyncio's {@code LifoQueue}: a {@link Queue} that hands out the item put last first.
 *
 * @param <E> the type of the items
 */
public final class LifoQueue<E> extends Queue<E> {
    /** An unbounded stack. */
    public LifoQueue() {
        this(0);
    }

    /**
     * A stack of at most {@code maxsize} items ({@code <= 0}: unbounded).
     *
     * @param maxsize the most items the stack holds; 0 or less: no bound
     */
    public LifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
