package dev.weft;

import java.util.Comparator;
import java.util.Objects;

/**
 * asyncio's {@code PriorityQueue}: a {@link Queue} that hands out the smallest item first, in
 * natural order or by a {@link Comparator}. Items of equal priority come out in no fixed order.
 */
public final class PriorityQueue<E> extends Queue<E> {
    /** An unbounded queue in natural order (items must be {@link Comparable}). */
    public PriorityQueue() {
        this(0);
    }

    /** A queue of at most {@code maxsize} items ({@code <= 0}: unbounded), natural order. */
    public PriorityQueue(int maxsize) {
        super(maxsize, new java.util.PriorityQueue<>());
    }

    /** A queue of at most {@code maxsize} items ({@code <= 0}: unbounded), smallest by {@code order} first. */
    public PriorityQueue(int maxsize, Comparator<? super E> order) {
        super(maxsize, new java.util.PriorityQueue<>(Objects.requireNonNull(order, "order")));
    }
}
