package io.backstop.estop.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * Applies a typed configuration (a component property type, as Declarative Services hands it to
 * {@code @Activate} and {@code @Modified}) so that a bad value is one clear line in the log and
 * changes nothing: the runtime converts each attribute only when it is read, so every attribute
 * is read here first and a value it cannot convert is reported by the attribute's name.
 */
public final class TypedConfiguration {

	private static final System.Logger LOG = System.getLogger(TypedConfiguration.class.getName());

	private TypedConfiguration() {
	}

	/**
	 * The settings {@code build} makes of {@code config}; when an attribute cannot be converted or
	 * {@code build} refuses a value (an {@link IllegalArgumentException} naming the attribute),
	 * logs one warning naming the PID and the attribute and returns {@code previous}.
	 *
	 * @param type the configuration's annotation type, whose attributes are checked
	 */
	public static <A, S> S apply(String pid, Class<A> type, A config, Function<? super A, ? extends S> build,
			S previous) {
		try {
			requireReadable(type, config);
			return build.apply(config);
		} catch (IllegalArgumentException e) {
			LOG.log(System.Logger.Level.WARNING, pid + ": " + e.getMessage() + "; keeping " + previous);
			return previous;
		}
	}

	/** @throws IllegalArgumentException "attribute: problem" for the first attribute that cannot be read */
	static <A> void requireReadable(Class<A> type, A config) {
		for (Method attribute : type.getDeclaredMethods()) {
			if (attribute.getParameterCount() != 0) {
				continue;
			}
			try {
				attribute.invoke(config);
			} catch (InvocationTargetException e) {
				throw new IllegalArgumentException(propertyName(attribute.getName()) + ": " + e.getCause().getMessage(),
						e.getCause());
			} catch (IllegalAccessException e) {
				throw new IllegalStateException(type.getName() + " must be public to be checked", e);
			}
		}
	}

	/**
	 * For a settings record's checks: {@code build}'s refusal of a value below {@code least}.
	 *
	 * @throws IllegalArgumentException "history.size must be at least 1: 0"
	 */
	public static void requireAtLeast(String property, long value, long least) {
		if (value < least) {
			throw new IllegalArgumentException(property + " must be at least " + least + ": " + value);
		}
	}

	/** The property an attribute reads, by the Declarative Services naming rule ({@code max_mb} is {@code max.mb}). */
	public static String propertyName(String attribute) {
		return attribute.replace("__", "\0").replace('_', '.').replace('\0', '_');
	}
}
