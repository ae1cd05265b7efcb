/**
 * weft's JUnit 5 extension: {@link dev.weft.junit.WeftTest} runs a test method as the main task
 * of a fresh {@link dev.weft.Loop}, on virtual time unless told otherwise.
 */
module dev.weft.junit {
    requires transitive dev.weft;
    requires transitive org.junit.jupiter.api;

    // to test code (WeftTest), and to JUnit, which instantiates the public WeftExtension through
    // its public constructor: an export is all that takes, no opens (WeftTestOnTheModulePathIT)
    exports dev.weft.junit;
}
