package io.backstop.estop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DeadlinesTest {

	@Test
	void overrideThenDeclaredThenDefault() {
		Deadlines deadlines = Deadlines.from(Map.of("default.timeout.ms", 4000L, "deadline.llm.models", "1500",
				"deadline.sweep.halt", 0L, "history.size", 100));

		assertEquals(1500, deadlines.of("llm.models", 3000));
		assertEquals(3000, deadlines.of("sweep.halt", 3000), "a zero override is ignored");
		assertEquals(4000, deadlines.of("gpu.memory", -1));
	}

	@Test
	void withoutConfigurationTheDefaultIsFiveSeconds() {
		assertEquals(5000, Deadlines.from(Map.of()).of("any", -1));
		assertEquals(5000, Deadlines.from(Map.of("default.timeout.ms", "soon")).of("any", -1));
	}
}
