/**
 * weft's JUnit 5 extension: {@link dev.weft.junit.WeftTest} ({@link dev.weft.junit.WeftExtension})
 * runs a test method as the main task of a fresh {@link dev.weft.Loop}, on virtual time by default,
 * and fails a test that leaves tasks running or a task exception unretrieved.
 */
package dev.weft.junit;
