package io.backstop.estop.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread pools whose core threads are started before they are needed: a stop under memory
 * pressure must not depend on creating a thread. Daemon threads, so that work abandoned on
 * one of them never holds the JVM.
 */
final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * @param core    threads started at once and kept
	 * @param maximum threads at most; those above {@code core} are made only when every core thread is busy
	 */
	static ThreadPoolExecutor prestarted(String name, int core, int maximum, BlockingQueue<Runnable> queue) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(core, maximum, 60, TimeUnit.SECONDS, queue, runnable -> {
			Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		pool.prestartAllCoreThreads();
		return pool;
	}
}
