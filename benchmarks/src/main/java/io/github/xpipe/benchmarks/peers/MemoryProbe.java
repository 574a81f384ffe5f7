package io.github.xpipe.benchmarks.peers;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Allocation and heap figures of the running JVM: bytes allocated by all live threads (HotSpot's
 * {@code com.sun.management.ThreadMXBean}), the peak of the heap pools, and the heap used after a
 * full collection.
 */
public final class MemoryProbe {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private MemoryProbe() {
	}

	/** Bytes allocated so far by the threads alive now. */
	public static long allocatedBytes() {
		long total = 0;
		for (long allocated : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
			if (allocated > 0) {
				total += allocated;
			}
		}
		return total;
	}

	/** The sum of the heap pools' peak usage since the JVM started. */
	public static long peakHeapBytes() {
		long total = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				total += pool.getPeakUsage().getUsed();
			}
		}
		return total;
	}

	/** Heap used right after a full collection: what the process retains. */
	public static long heapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** Total collections of all collectors so far. */
	public static long gcCount() {
		return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong((gc) -> Math.max(0, gc.getCollectionCount())).sum();
	}

}
