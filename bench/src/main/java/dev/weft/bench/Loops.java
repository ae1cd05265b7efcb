package dev.weft.bench;

import dev.weft.Loop;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A parallel and a cooperative weft loop for one trial: opened before the first invocation,
 * reused by each ({@code Loop.run} may be called again), closed after the last.
 */
@State(Scope.Benchmark)
public class Loops {
    public Loop parallel;
    public Loop cooperative;

    @Setup(Level.Trial)
    public void open() {
        parallel = Loop.parallel();
        cooperative = Loop.cooperative();
    }

    @TearDown(Level.Trial)
    public void close() {
        parallel.close();
        cooperative.close();
    }
}
