package dev.weft;

import java.util.Comparator;
import java.util.Objects;

/**
 * asyncio's {@code PriorityQueue}: a {@link Queue} that hands out the smallest item first, in
 * natural order or by a {@link Comparator}. Items of equal priority come out in no fixed order.
 *
 * <p>An item the queue cannot order is refused by {@code put} and {@code putNowait} before they
 * wait or change anything: in natural order an item that is not {@link Comparable} ({@link
 * ClassCastException}, as {@code java.util.PriorityQueue}); with a comparator, whatever {@code
 * compare(item, item)} throws (the check {@code java.util.TreeMap} makes). If the comparator
 * still throws while a blocked {@code put} inserts, that put throws it and the slot it was kept
 * goes to the next putter. A comparator that throws for some pairs only can leave {@code
 * java.util.PriorityQueue}'s heap out of order: keep comparators total.
 *
 * @param <E> the type of the items
 */
public final class PriorityQueue<E> extends Queue<E> {
    /** The order, or null for natural order. */
    private final Comparator<? super E> order;

    /** An unbounded queue in natural order (items must be {@link Comparable}). */
    public PriorityQueue() {
        this(0);
    }

    /**
     * A queue of at most {@code maxsize} items ({@code <= 0}: unbounded), natural order.
     *
     * @param maxsize the most items the queue holds; 0 or less: no bound
     */
    public PriorityQueue(int maxsize) {
        super(maxsize, new java.util.PriorityQueue<>());
        this.order = null;
    }

    /**
     * A queue of at most {@code maxsize} items ({@code <= 0}: unbounded), smallest by {@code order}
     * first.
     *
     * @param maxsize the most items the queue holds; 0 or less: no bound
     * @param order the order of the items, smallest first; not null
     */
    public PriorityQueue(int maxsize, Comparator<? super E> order) {
        super(maxsize, new java.util.PriorityQueue<>(Objects.requireNonNull(order, "order")));
        this.order = order;
    }

    @Override
    void checkItem(E item) {
        if (order != null) {
            order.compare(item, item);
        } else if (!(item instanceof Comparable)) {
            throw new ClassCastException("class " + item.getClass().getName()
                    + " cannot be cast to class java.lang.Comparable: a PriorityQueue in natural order needs Comparable items");
        }
    }
}
