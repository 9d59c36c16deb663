package io.backstop.memory.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

import org.osgi.service.component.annotations.Component;

import io.backstop.memory.MemoryReading;
import io.backstop.memory.MemorySource;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;

/** The default {@link MemorySource}: OSHI for the system and this process, MXBeans for the heap. */
@Component(service = MemorySource.class, property = "service.ranking:Integer=0")
public final class OshiMemorySource implements MemorySource {

	private volatile SystemInfo system; // created on first read: it probes the OS

	@Override
	public MemoryReading read() {
		MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		long available = -1;
		long total = -1;
		long resident = -1;
		try {
			SystemInfo info = systemInfo();
			GlobalMemory memory = info.getHardware().getMemory();
			available = memory.getAvailable();
			total = memory.getTotal();
			OSProcess self = info.getOperatingSystem().getCurrentProcess();
			resident = self == null ? -1 : self.getResidentSetSize();
		} catch (RuntimeException | LinkageError e) {
			// OSHI without its native access: the heap figures still tell something
		}
		return new MemoryReading(resident, available, total, heap.getUsed(), heap.getMax());
	}

	private SystemInfo systemInfo() {
		SystemInfo info = system;
		if (info == null) {
			info = new SystemInfo();
			system = info;
		}
		return info;
	}
}
