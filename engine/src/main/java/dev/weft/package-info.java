/**
 * weft: asyncio's concurrency model for Java, on virtual threads.
 *
 * <p>Start at {@link dev.weft.Weft} (the front door, like {@code import asyncio}), {@link
 * dev.weft.Task}, {@link dev.weft.TaskGroup} and {@link dev.weft.Loop}; the primitives are
 * {@link dev.weft.Lock}, {@link dev.weft.Event}, {@link dev.weft.Condition}, {@link
 * dev.weft.Semaphore}, {@link dev.weft.BoundedSemaphore}, {@link dev.weft.Barrier} and the
 * queues {@link dev.weft.Queue}, {@link dev.weft.PriorityQueue}, {@link dev.weft.LifoQueue}.
 *
 * <h2>Names</h2>
 * asyncio's names in camelCase, except where Java forces a change:
 * <table>
 *   <caption>Renames</caption>
 *   <tr><th>asyncio</th><th>weft</th><th>why</th></tr>
 *   <tr><td>{@code create_task}</td><td>{@code Weft.spawn}</td><td>the JDK's word for starting a thread-like task</td></tr>
 *   <tr><td>{@code await task}</td><td>{@code task.await()}</td><td>no {@code await} keyword</td></tr>
 *   <tr><td>{@code gather(return_exceptions=True)}</td><td>{@code Weft.gatherSettled}</td><td>no keyword arguments</td></tr>
 *   <tr><td>{@code Event.wait}, {@code Condition.wait}, {@code Barrier.wait}</td><td>{@code await()}</td><td>{@code Object.wait} is final</td></tr>
 *   <tr><td>{@code Condition.wait_for}</td><td>{@code Condition.awaitUntil}</td><td>follows {@code await}</td></tr>
 *   <tr><td>{@code Condition.notify}, {@code notify_all}</td><td>{@code signal}, {@code signalAll}</td><td>{@code Object.notify} is final</td></tr>
 *   <tr><td>{@code Barrier.n_waiting}</td><td>{@code Barrier.waiting()}</td><td>camelCase of a property</td></tr>
 *   <tr><td>{@code run_coroutine_threadsafe}</td><td>{@code Loop.submit}</td><td>a method of the loop</td></tr>
 *   <tr><td>{@code async with x:}</td><td>{@code try (Permit p = x.hold())}</td><td>try-with-resources</td></tr>
 *   <tr><td>async generators</td><td>{@code Weft.generate} / {@link dev.weft.Generator}</td><td>no {@code yield} in Java</td></tr>
 * </table>
 * The static {@code Weft.wait} keeps asyncio's name: call it qualified ({@code Weft.wait(...)}),
 * since a static import of it is shadowed by {@link Object#wait()}.
 *
 * <h2>Suspension points and cancellation</h2>
 * Every weft wait is a suspension point: in a task it parks the task's virtual thread (or, in a
 * cooperative loop, hands the loop to the next ready task), and a cancellation of the task ends
 * it with {@link dev.weft.CancelledException}. A wait that can complete at once (a free lock, a
 * set event, a non-empty queue, a finished task) completes without suspending and without
 * delivering a pending cancellation, as in asyncio; {@link dev.weft.Weft#sleep} always suspends.
 */
package dev.weft;
