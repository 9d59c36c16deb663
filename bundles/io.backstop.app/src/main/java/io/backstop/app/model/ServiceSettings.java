package io.backstop.app.model;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Settings the services read from their configuration, written through Configuration Admin:
 * each service applies them as they change and they persist across restarts.
 */
public final class ServiceSettings {

	/** The emergency stop coordinator: {@code deadline.<step id>} in milliseconds. */
	public static final String STOP_PID = "io.backstop.estop";
	public static final String DEADLINE_PREFIX = "deadline.";
	/** The memory monitor: thresholds in percent and the automatic stop. */
	public static final String MEMORY_PID = "io.backstop.memory.internal.MemoryMonitorImpl";
	/** The sweep service: {@code sweeps.dir}. */
	public static final String SWEEP_PID = "io.backstop.sweep.internal.SweepServiceComponent";
	/** The indicator cache: {@code dir}, {@code memory.max.mb}, {@code disk.max.mb}. */
	public static final String INDICATOR_CACHE_PID = "io.backstop.indicators.cache";

	private final ConfigurationAdmin configurationAdmin;

	public ServiceSettings(ConfigurationAdmin configurationAdmin) {
		this.configurationAdmin = configurationAdmin;
	}

	/** The configured value, or null when none is set. */
	public Object get(String pid, String key) throws IOException {
		Dictionary<String, Object> properties = configuration(pid).getProperties();
		return properties == null ? null : properties.get(key);
	}

	/** Sets these keys (a null value removes the key), keeping the others, and hands them to the service. */
	public void update(String pid, Map<String, Object> changes) throws IOException {
		Configuration configuration = configuration(pid);
		Dictionary<String, Object> current = configuration.getProperties();
		Hashtable<String, Object> properties = new Hashtable<>();
		if (current != null) {
			for (var keys = current.keys(); keys.hasMoreElements();) {
				String key = keys.nextElement();
				properties.put(key, current.get(key));
			}
		}
		changes.forEach((key, value) -> {
			if (value == null) {
				properties.remove(key);
			} else {
				properties.put(key, value);
			}
		});
		configuration.update(properties);
	}

	private Configuration configuration(String pid) throws IOException {
		return configurationAdmin.getConfiguration(pid, "?");
	}
}
