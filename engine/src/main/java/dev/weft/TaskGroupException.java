package dev.weft;

import java.util.List;

/**
 * asyncio's {@code ExceptionGroup} from a {@link TaskGroup}: every failure (other than
 * cancellation) of the group's children and of its body, in the order they happened. The first
 * is also the {@linkplain #getCause() cause}.
 */
public class TaskGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The failures, in the order they happened; unmodifiable. */
    private final List<Throwable> exceptions;

    /**
     * An exception group holding {@code exceptions} (copied); the first is its cause, and its
     * message says how many there are.
     *
     * @param exceptions the failures, in the order they happened; not null, and no element null
     */
    public TaskGroupException(List<? extends Throwable> exceptions) {
        super(message(exceptions), exceptions.isEmpty() ? null : exceptions.get(0));
        this.exceptions = List.copyOf(exceptions);
    }

    private static String message(List<? extends Throwable> exceptions) {
        int n = exceptions.size();
        return "unhandled errors in a TaskGroup (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
    }

    /**
     * The failures, in the order they happened.
     *
     * @return an unmodifiable list of the failures, at least one when thrown by a {@link TaskGroup}
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
