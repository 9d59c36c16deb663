package io.backstop.app.controls;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.backstop.app.model.Format;
import io.backstop.cluster.Cluster;
import io.backstop.estop.api.DeviceMemoryProbe;
import io.backstop.estop.api.DeviceMemoryProbe.DeviceMemory;
import io.backstop.memory.MemoryLevel;
import io.backstop.memory.MemoryMonitor;
import io.backstop.memory.MemorySample;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The status line: RAM used by this process, system memory available, VRAM (or "no GPU"), and the
 * cluster's members while clustering is on, read every second from the memory manager's monitor,
 * the GPU bundle's probe and the cluster; amber and red at the monitor's thresholds.
 */
public class MemoryStatusControl {

	private static final long REFRESH_MILLIS = 1000;

	@Inject
	@Optional
	private volatile MemoryMonitor monitor;

	@Inject
	@Optional
	private volatile DeviceMemoryProbe deviceProbe;

	@Inject
	@Optional
	private volatile Cluster cluster;

	private Composite line;
	private Label label;
	private Color amber;
	private Color orange;
	private Color red;
	private ScheduledExecutorService sampler;

	/** What one refresh shows. */
	record Status(String text, MemoryLevel level) {
	}

	@PostConstruct
	public void createControls(Composite parent) {
		line = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(1, false);
		layout.marginHeight = 1;
		line.setLayout(layout);
		label = new Label(line, SWT.NONE);
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 760;
		label.setLayoutData(data);
		label.setData("org.eclipse.e4.ui.css.id", "io-backstop-app-status");
		label.setText("Memory: reading...");
		amber = new Color(parent.getDisplay(), 255, 214, 102);
		orange = new Color(parent.getDisplay(), 255, 160, 60);
		red = new Color(parent.getDisplay(), 230, 60, 50);
		line.addListener(SWT.Dispose, e -> {
			amber.dispose();
			orange.dispose();
			red.dispose();
		});
		// the readings (OSHI, the CUDA driver) happen off the UI thread
		sampler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "backstop-status-line");
			thread.setDaemon(true);
			return thread;
		});
		sampler.scheduleWithFixedDelay(this::refresh, 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
	}

	private void refresh() {
		Status status;
		try {
			status = read();
		} catch (RuntimeException e) {
			status = new Status("Memory: " + e.getMessage(), MemoryLevel.NORMAL);
		}
		Status shown = status;
		Label target = label;
		if (target != null && !target.isDisposed()) {
			target.getDisplay().asyncExec(() -> show(shown));
		}
	}

	/** Reads the monitor and the device probe. */
	Status read() {
		MemoryMonitor current = monitor;
		StringBuilder text = new StringBuilder();
		MemoryLevel level = MemoryLevel.NORMAL;
		if (current == null) {
			text.append("Memory monitor not available");
		} else {
			MemorySample sample = current.sampleNow();
			level = sample.level();
			text.append("RAM used by Backstop ").append(Format.megabytes(sample.processResidentBytes()));
			text.append("   System available ").append(Format.gigabytes(sample.systemAvailableBytes())).append(" of ")
					.append(Format.gigabytes(sample.systemTotalBytes()));
			text.append(String.format("   Pressure %.0f%%", sample.pressurePercent()));
			if (level != MemoryLevel.NORMAL) {
				text.append(" (").append(level.name().toLowerCase()).append(")");
			}
		}
		DeviceMemoryProbe probe = deviceProbe;
		DeviceMemory device = probe == null ? null : probe.probe();
		if (device == null || !device.available()) {
			text.append("   VRAM: no GPU");
		} else {
			text.append("   VRAM used ").append(Format.megabytes(device.totalBytes() - device.freeBytes())).append(" of ")
					.append(Format.megabytes(device.totalBytes()));
		}
		Cluster currentCluster = cluster;
		int members = currentCluster == null ? 0 : currentCluster.memberCount();
		if (members > 0) {
			text.append("   Cluster: ").append(members).append(members == 1 ? " member" : " members");
		}
		return new Status(text.toString(), level);
	}

	private void show(Status status) {
		if (label == null || label.isDisposed()) {
			return;
		}
		label.setText(status.text());
		label.setToolTipText(status.level() == MemoryLevel.NORMAL ? "Memory is fine"
				: "Memory is at the " + status.level().name().toLowerCase() + " threshold of the memory manager");
		Color background = switch (status.level()) {
		case NORMAL -> null;
		case WARNING -> amber;
		case HIGH -> orange;
		case CRITICAL -> red;
		};
		line.setBackground(background);
		label.setBackground(background);
	}

	@PreDestroy
	public void dispose() {
		if (sampler != null) {
			sampler.shutdownNow();
		}
		label = null;
	}

	// --- for tests ---

	String text() {
		return label.getText();
	}

	Color background() {
		return label.getBackground();
	}
}
