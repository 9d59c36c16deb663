package io.backstop.app.model;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The services' settings, each kept in its component's Configuration Admin configuration (the
 * PIDs are the services' own constants, {@code MemoryMonitor.PID} and the like): each service
 * applies a change at once, and Configuration Admin keeps it across restarts.
 */
public final class ServiceSettings {

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
