package dev.weft;

import java.util.function.Supplier;

/** The three ways a loop runs tasks; contract tests run over all of them. */
enum Mode {
    PARALLEL(Loop::parallel),
    COOPERATIVE(Loop::cooperative),
    VIRTUAL_TIME(() -> Loop.builder().cooperative().virtualTime().build());

    private final Supplier<Loop> factory;

    Mode(Supplier<Loop> factory) {
        this.factory = factory;
    }

    Loop loop() {
        return factory.get();
    }

    boolean cooperative() {
        return this != PARALLEL;
    }
}
