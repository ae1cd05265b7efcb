package dev.weft;

/** An unchecked error type of the tests' own, to check that errors pass through as the same object. */
final class Boom extends Error {
    private static final long serialVersionUID = 1L;

    Boom() {
        super("boom");
    }
}
