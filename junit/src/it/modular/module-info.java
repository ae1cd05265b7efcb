/**
 * A user's test code as a named module: what {@code WeftTestOnTheModulePathIT} compiles against
 * the weft-junit jar and runs with JUnit on the module path. {@code requires dev.weft.junit}
 * brings {@code dev.weft} and {@code org.junit.jupiter.api} with it (both transitive); the test
 * package is opened to JUnit, as for any JUnit test in a named module.
 */
module example.modular {
    requires dev.weft.junit;

    opens example.modular to org.junit.platform.commons;
}
