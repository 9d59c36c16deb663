package io.backstop.cluster.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A service the cluster takes when it first needs it, not when the DS runtime binds it: the sweep
 * service and the emergency stop both reference the cluster (as a range executor, as a step), so
 * taking them at bind time would have each created while the other is.
 */
final class LazyService<T> {

	private BundleContext context;
	private ServiceReference<T> reference;
	private T service;

	synchronized void bind(ServiceReference<T> bound) {
		release();
		reference = bound;
	}

	synchronized void unbind(ServiceReference<T> unbound) {
		if (unbound.equals(reference)) {
			release();
			reference = null;
		}
	}

	/** From activation on, services are taken through this bundle's context. */
	synchronized void activate(BundleContext bundleContext) {
		context = bundleContext;
	}

	/** The service now, or null when none is bound. */
	synchronized T get() {
		if (service == null && reference != null && context != null) {
			service = context.getService(reference);
		}
		return service;
	}

	/** Gives the service back (on deactivation and when it is unbound). */
	synchronized void release() {
		if (service != null) {
			try {
				context.ungetService(reference);
			} catch (IllegalStateException stopping) {
				// the bundle is stopping: the framework releases it
			}
			service = null;
		}
	}
}
