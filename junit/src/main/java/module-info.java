/**
 * weft's JUnit 5 extension: {@link dev.weft.junit.WeftTest} runs a test method as the main task
 * of a fresh {@link dev.weft.Loop}, on virtual time unless told otherwise.
 */
module dev.weft.junit {
    requires transitive dev.weft;
    requires transitive org.junit.jupiter.api;

    exports dev.weft.junit;
    opens dev.weft.junit to org.junit.platform.commons; // JUnit instantiates WeftExtension reflectively
}
