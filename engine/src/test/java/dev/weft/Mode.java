package dev.weft;

import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

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

    /**
     * Each of {@code kinds} with every mode, as {@code (kind, mode)} arguments for a
     * {@code @MethodSource}: a contract test run over every variant and every mode.
     */
    static Stream<Arguments> withEach(Enum<?>[] kinds) {
        return crossed(kinds, m -> true);
    }

    /** Each of {@code kinds} with every cooperative mode, as {@code (kind, mode)} arguments. */
    static Stream<Arguments> cooperativeWithEach(Enum<?>[] kinds) {
        return crossed(kinds, Mode::cooperative);
    }

    private static Stream<Arguments> crossed(Enum<?>[] kinds, Predicate<Mode> modes) {
        return Stream.of(kinds).flatMap(k -> Stream.of(values()).filter(modes).map(m -> Arguments.of(k, m)));
    }
}
