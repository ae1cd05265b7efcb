package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.Waiter;
import dev.weft.internal.WaitOwner;
import dev.weft.internal.Waits;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * asyncio's async generator, on continuations: the producer is a task that runs only when the
 * consumer asks for an item, and suspends at each {@link Emitter#emit} until the consumer asks
 * for the next. Made by {@link Weft#generate}.
 *
 * {@snippet :
 * try (Generator<String> lines = Weft.generate(out -> {
 *     try (var reader = open(path)) {
 *         for (String l; (l = reader.readLine()) != null; ) out.emit(l);
 *     }
 * })) {
 *     for (String line : lines) {
 *         if (line.isEmpty()) break;        // close() then cancels the producer, its finally runs
 *         handle(line);
 *     }
 * }
 * }
 *
 * <ul>
 *   <li>{@link #hasNext()} and {@link #next()} are suspension points (they wait for the producer
 *       to emit or end). A producer's exception surfaces from {@code next()} (checked ones in
 *       {@link TaskFailedException}); {@code hasNext()} is true until it has.
 *   <li>{@link #close()} is asyncio's {@code aclose()}: it cancels the producer at the {@code
 *       emit} where it waits, and waits until it has unwound (its {@code finally} blocks ran).
 *   <li>One consumer at a time; the generator is its own (single-use) {@link Iterable}.
 * </ul>
 *
 * <p><em>Memory consistency effects:</em> actions of the producer before {@code emit(x)}
 * happen-before the {@code next()} that returns {@code x}.
 *
 * @param <T> the type of the items
 */
public final class Generator<T> implements Iterator<T>, Iterable<T>, AutoCloseable {
    private final ReentrantLock guard = new ReentrantLock();
    private final Task<Void> producer;
    // All guarded by guard.
    /** The consumer asked for an item the producer has not emitted yet. */
    private boolean requested;
    private boolean hasItem;
    private T item;
    /** The producer's body has returned or thrown. */
    private boolean ended;
    /** The consumer has seen the end (or the failure). */
    private boolean exhausted;
    private Waiter consumerWaiter;
    private Waiter producerWaiter;
    private boolean iterated;

    private final WaitOwner consumerOwner = w -> {
        guard.lock();
        try {
            if (consumerWaiter == w) {
                consumerWaiter = null;
            }
        } finally {
            guard.unlock();
        }
    };

    private final WaitOwner producerOwner = w -> {
        guard.lock();
        try {
            if (producerWaiter == w) {
                producerWaiter = null;
            }
        } finally {
            guard.unlock();
        }
    };

    Generator(Loop loop, GeneratorBody<T> body) {
        Emitter<T> out = this::emit;
        this.producer = loop.spawn("generator", () -> {
            try {
                awaitRequest();
                body.run(out);
            } finally {
                Waiter w;
                guard.lock();
                try {
                    ended = true;
                    w = consumerWaiter;
                    consumerWaiter = null;
                } finally {
                    guard.unlock();
                }
                if (w != null) {
                    w.signal();
                }
            }
            return null;
        });
    }

    /** The producer waits until the consumer asks for an item. */
    private void awaitRequest() {
        Waiter w = Waiter.current(this);
        guard.lock();
        try {
            if (requested) {
                return;
            }
            producerWaiter = w;
        } finally {
            guard.unlock();
        }
        Waits.await(w, Waits.NO_DEADLINE, producerOwner);
    }

    private void emit(T value) {
        Objects.requireNonNull(value, "item");
        if (Fiber.current() != producer.fiber) {
            throw new IllegalStateException("emit() must be called by the generator's producer");
        }
        Waiter consumer;
        guard.lock();
        try {
            item = value;
            hasItem = true;
            requested = false;
            consumer = consumerWaiter;
            consumerWaiter = null;
        } finally {
            guard.unlock();
        }
        if (consumer != null) {
            consumer.signal();
        }
        awaitRequest();
    }

    /**
     * Suspends until the producer has emitted an item or ended. True if there is an item, or a
     * failure of the producer that {@link #next()} will throw.
     */
    @Override
    public boolean hasNext() {
        for (;;) {
            Waiter w;
            Waiter wakeProducer;
            guard.lock();
            try {
                if (hasItem) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                if (ended) {
                    w = null;
                    wakeProducer = null;
                } else {
                    requested = true;
                    wakeProducer = producerWaiter;
                    producerWaiter = null;
                    w = Waiter.current(this);
                    consumerWaiter = w;
                }
            } finally {
                guard.unlock();
            }
            if (w == null) {
                // The body is over; its outcome is published a moment later.
                producer.waitDone(false);
                if (producer.isCancelled() || producer.failure() != null) {
                    return true;
                }
                guard.lock();
                try {
                    exhausted = true;
                } finally {
                    guard.unlock();
                }
                return false;
            }
            if (wakeProducer != null) {
                wakeProducer.signal();
            }
            Waits.await(w, Waits.NO_DEADLINE, consumerOwner);
        }
    }

    /**
     * The next item; suspends until the producer emits it. Throws the producer's exception if it
     * failed (or {@link CancelledException} if someone cancelled it).
     *
     * @throws NoSuchElementException if the producer has ended
     */
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("generator exhausted");
        }
        guard.lock();
        try {
            if (hasItem) {
                T v = item;
                item = null;
                hasItem = false;
                return v;
            }
            exhausted = true;
        } finally {
            guard.unlock();
        }
        producer.join(); // the producer failed or was cancelled: throw that
        throw new NoSuchElementException("generator exhausted");
    }

    @Override
    public Iterator<T> iterator() {
        if (iterated) {
            throw new IllegalStateException("a Generator can be iterated only once");
        }
        iterated = true;
        return this;
    }

    /**
     * asyncio {@code aclose()}: cancels the producer where it waits and waits until it has
     * unwound. A suspension point; idempotent. A failure of the producer that the consumer had
     * not seen is re-thrown here. It finishes closing even if the caller is cancelled (or, on a
     * plain thread, interrupted) meanwhile; that cancellation is then pending for the caller's
     * next suspension point (the interrupt status is set again).
     */
    @Override
    public void close() {
        guard.lock();
        try {
            exhausted = true;
            hasItem = false;
            item = null;
        } finally {
            guard.unlock();
        }
        producer.cancel("generator closed");
        if (producer.waitDoneUninterruptibly()) {
            Waits.handBackCancellation(); // the producer has unwound; now the caller's cancel
        }
        if (producer.failure() != null && !producer.retrieved()) {
            producer.join(); // a failure nobody saw (asyncio's aclose re-raises it)
        }
    }

    @Override
    public String toString() {
        guard.lock();
        try {
            return "Generator[" + (exhausted ? "closed" : ended ? "ended" : hasItem ? "item ready" : requested ? "producing" : "waiting")
                    + ", producer=" + producer.name() + "]";
        } finally {
            guard.unlock();
        }
    }
}
