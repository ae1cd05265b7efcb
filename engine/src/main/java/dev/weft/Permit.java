package dev.weft;

/**
 * What {@code hold()} of a lock-like returns: closing it releases, so that try-with-resources
 * is asyncio's {@code async with lock:}.
 *
 * {@snippet :
 * try (Permit p = lock.hold()) {
 *     // ... the lock is held here ...
 * }
 * }
 */
@FunctionalInterface
public interface Permit extends AutoCloseable {
    /** Releases what was acquired. */
    @Override
    void close();
}
