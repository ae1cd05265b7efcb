package dev.weft;

/** When {@link Weft#wait(java.util.Collection, java.time.Duration, ReturnWhen)} returns. */
public enum ReturnWhen {
    /** As soon as any task finishes or is cancelled. */
    FIRST_COMPLETED,
    /** As soon as any task fails (cancellation is not a failure here); else when all are done. */
    FIRST_EXCEPTION,
    /** When every task is done. */
    ALL_COMPLETED
}
