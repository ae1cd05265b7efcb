package dev.weft.internal;

import java.util.Arrays;

/**
 * The one operation the array rings of {@code Queue} and {@link CooperativeScheduler} share. Each
 * keeps its ring's head and count as fields of its own, beside the state a hand-off touches (one
 * cache line to carry across cores, not two), so the ring is an array and two ints, not an object.
 */
public final class Rings {
    private Rings() {}

    /**
     * A full ring ({@code full.length} items, the oldest at {@code head}) doubled: the same items,
     * oldest first, from index 0 of an array twice as long; the caller sets its head to 0.
     */
    public static <T> T[] doubled(T[] full, int head) {
        T[] bigger = Arrays.copyOfRange(full, head, head + 2 * full.length); // full[head..], then nulls
        System.arraycopy(full, 0, bigger, full.length - head, head); // the part that wrapped
        return bigger;
    }
}
