package io.backstop.backtest.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;

/**
 * The {@link StrategyRegistry} service: every {@link Strategy} service registered now, whichever
 * bundle registered it. When two share an id the one registered first is offered and the other
 * waits behind it; a strategy that leaves fires its watches before it is forgotten.
 */
@Component(service = StrategyRegistry.class)
public class StrategyRegistryComponent implements StrategyRegistry {

	private static final Logger LOG = Logger.getLogger(StrategyRegistryComponent.class.getName());

	/** A registered strategy with its catalogue position, arrival number and contributing bundle. */
	private record Entry(Strategy strategy, int order, long arrival, String contributor) {
	}

	/** Compared by identity: the same action may watch twice. */
	private static final class Watcher {
		final Strategy strategy;
		final Runnable action;

		Watcher(Strategy strategy, Runnable action) {
			this.strategy = strategy;
			this.action = action;
		}
	}

	private static final Comparator<Entry> CATALOGUE = Comparator.comparingInt(Entry::order)
			.thenComparing(e -> e.strategy().id()).thenComparingLong(Entry::arrival);

	private final List<Entry> entries = new ArrayList<>();
	private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
	private long arrivals;

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeStrategy")
	void bindStrategy(Strategy strategy, Map<String, Object> properties, ServiceReference<Strategy> reference) {
		Bundle bundle = reference.getBundle();
		addStrategy(strategy, properties, bundle == null ? null : bundle.getSymbolicName() + " " + bundle.getVersion());
	}

	/** @param contributor the bundle that registered it, null when unknown */
	void addStrategy(Strategy strategy, Map<String, Object> properties, String contributor) {
		Object order = properties.get(Strategy.ORDER);
		synchronized (entries) {
			entries.add(new Entry(strategy, order instanceof Number n ? n.intValue() : Integer.MAX_VALUE, arrivals++,
					contributor));
			entries.sort(CATALOGUE);
		}
	}

	void removeStrategy(Strategy strategy) {
		synchronized (entries) {
			entries.removeIf(e -> e.strategy() == strategy);
		}
		for (Watcher w : watchers) {
			if (w.strategy == strategy && watchers.remove(w)) {
				fire(w);
			}
		}
	}

	@Override
	public List<Strategy> all() {
		List<Strategy> offered = new ArrayList<>();
		synchronized (entries) {
			for (Entry e : entries) {
				if (offered.stream().noneMatch(s -> s.id().equals(e.strategy().id()))) {
					offered.add(e.strategy());
				}
			}
		}
		return List.copyOf(offered);
	}

	@Override
	public Optional<String> contributor(Strategy strategy) {
		synchronized (entries) {
			return entries.stream().filter(e -> e.strategy() == strategy).map(Entry::contributor)
					.filter(Objects::nonNull).findFirst();
		}
	}

	@Override
	public Watch whenWithdrawn(Strategy strategy, Runnable action) {
		Watcher watcher = new Watcher(strategy, action);
		watchers.add(watcher);
		boolean present;
		synchronized (entries) {
			present = entries.stream().anyMatch(e -> e.strategy() == strategy);
		}
		// it may have left between the two steps: then exactly one of here and removeStrategy fires it
		if (!present && watchers.remove(watcher)) {
			fire(watcher);
		}
		return () -> watchers.remove(watcher);
	}

	private static void fire(Watcher w) {
		try {
			w.action.run();
		} catch (RuntimeException e) {
			LOG.log(Level.WARNING, "a watch on strategy " + w.strategy.id() + " failed: " + e.getMessage(), e);
		}
	}
}
