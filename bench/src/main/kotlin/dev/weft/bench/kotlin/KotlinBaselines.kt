@file:JvmName("KotlinBaselines")

// The Kotlin coroutine baselines. Each function runs a whole batch inside one runBlocking, so
// the Java benchmark that calls it pays the Java-to-Kotlin bridge once per invocation, not once
// per hand-off (calling launch/Channel from Java lambdas measures the bridge, ~23 us a hand-off).
// Dispatchers.Default is the analogue of weft's parallel loop; runBlocking's own single-thread
// event loop is the analogue of the cooperative loop (and of asyncio).

package dev.weft.bench.kotlin

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.util.concurrent.atomic.AtomicInteger

private val BALL = Any()

/** Workload 1: launch [n] empty coroutines on Dispatchers.Default and wait for all of them. */
fun spawnJoin(n: Int) = runBlocking(Dispatchers.Default) {
    repeat(n) { launch { } }
}

/** Workload 3: [rounds] round trips through two rendezvous channels on Dispatchers.Default. */
fun pingPong(rounds: Int) = runBlocking(Dispatchers.Default) {
    val ping = Channel<Any>(Channel.RENDEZVOUS)
    val pong = Channel<Any>(Channel.RENDEZVOUS)
    launch { repeat(rounds) { pong.send(ping.receive()) } }
    repeat(rounds) {
        ping.send(BALL)
        pong.receive()
    }
}

/** Workload 4: [items] through one buffered channel of [capacity], [pairs] producers and as many consumers. */
fun queueThroughput(items: Int, pairs: Int, capacity: Int) = runBlocking(Dispatchers.Default) {
    val channel = Channel<Any>(capacity)
    val each = items / pairs
    repeat(pairs) {
        launch { repeat(each) { channel.send(BALL) } }
        launch { repeat(each) { channel.receive() } }
    }
}

/** Workload 6: [tasks] coroutines on runBlocking's single-thread event loop, [switches] yield() calls in all. */
fun cooperativeSwitch(tasks: Int, switches: Int) = runBlocking {
    val each = switches / tasks
    repeat(tasks) { launch { repeat(each) { yield() } } }
}

/**
 * Workload 7: [n] coroutines suspended in awaitCancellation() on Dispatchers.Default; [cancelAll]
 * cancels every one and joins them all (cancelAndJoin for a batch: cancel all, then join all).
 */
class WaitingCoroutines(private val n: Int) {
    private val scope = CoroutineScope(Dispatchers.Default)
    private var jobs: List<Job> = emptyList()

    /** Launches the coroutines and returns once each has started (it suspends right after). */
    fun start() {
        val started = AtomicInteger()
        jobs = List(n) {
            scope.launch {
                started.incrementAndGet()
                awaitCancellation()
            }
        }
        while (started.get() < n) Thread.onSpinWait()
    }

    fun cancelAll() = runBlocking {
        for (job in jobs) job.cancel()
        jobs.joinAll()
    }

    fun close() = scope.cancel()
}

/**
 * Workload 8: [count] coroutines suspended on one CompletableDeferred; [measure] runs (on a
 * Dispatchers.Default thread) while they all wait, then they are released and joined.
 */
fun suspendedCoroutines(count: Int, measure: Runnable) = runBlocking(Dispatchers.Default) {
    val gate = CompletableDeferred<Unit>()
    val started = AtomicInteger()
    val jobs = List(count) {
        launch {
            started.incrementAndGet()
            gate.await()
        }
    }
    while (started.get() < count) yield()
    measure.run()
    gate.complete(Unit)
    jobs.joinAll()
}
