package io.backstop.memory.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;
import io.backstop.memory.ManagedCacheRegistry;
import io.backstop.memory.ManagedCacheRegistry.CacheRelease;

/**
 * Emergency stop step, cache band: clears every registered managed cache and reports each
 * one's bytes released (counter {@code cache.<name>.bytes}); the names are the components cleaned.
 * SKIPPED when no cache held anything, PARTIAL when some released and others failed, FAILED when
 * nothing was released and a cache failed.
 */
@Component(service = Stoppable.class, property = { Stoppable.ORDER + ":Integer=300",
		Stoppable.TIMEOUT_MS + ":Long=5000" })
public final class CacheClearStoppable implements Stoppable {

	static final String ID = "memory.caches";

	@Reference
	private ManagedCacheRegistry registry;

	public CacheClearStoppable() {
	}

	/** For tests outside OSGi. */
	CacheClearStoppable(ManagedCacheRegistry registry) {
		this.registry = registry;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String label() {
		return "Clear managed caches";
	}

	@Override
	public StepResult stop(StopContext context) {
		context.progress("clearing " + registry.caches().size() + " managed cache(s)");
		List<CacheRelease> releases = registry.clearAll();
		if (releases.isEmpty()) {
			return StepResult.skipped("no managed caches registered");
		}
		List<String> cleaned = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		Map<String, Long> counters = new LinkedHashMap<>();
		long total = 0;
		StringBuilder detail = new StringBuilder();
		for (CacheRelease release : releases) {
			if (release.ok()) {
				cleaned.add(release.name());
				total += release.bytesReleased();
				counters.put("cache." + release.name() + ".bytes", release.bytesReleased());
				detail.append(detail.isEmpty() ? "" : ", ").append(release.name()).append(' ')
						.append(Bytes.format(release.bytesReleased()));
			} else {
				errors.add(release.name() + ": " + release.error());
			}
		}
		counters.put("caches.cleared", (long) cleaned.size());
		counters.put("caches.failed", (long) errors.size());
		String summary = "cleared " + cleaned.size() + " cache(s), " + Bytes.format(total)
				+ (detail.isEmpty() ? "" : " (" + detail + ")")
				+ (errors.isEmpty() ? "" : "; failed: " + String.join("; ", errors));
		if (errors.isEmpty() && total == 0) {
			return StepResult.skipped("no managed cache held anything (" + cleaned.size() + " checked)")
					.withCounters(counters);
		}
		String error = errors.isEmpty() ? null : String.join("; ", errors);
		// CLEANED only when memory came back; a cache that failed while others released is PARTIAL
		StepStatus status = total == 0 ? StepStatus.FAILED : errors.isEmpty() ? StepStatus.CLEANED : StepStatus.PARTIAL;
		return new StepResult(status, summary, total == 0 ? List.of() : cleaned, total, counters, error);
	}
}
