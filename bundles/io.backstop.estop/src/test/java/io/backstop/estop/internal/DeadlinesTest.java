package io.backstop.estop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class DeadlinesTest {

	@Test
	void overrideThenDeclaredThenDefault() {
		Deadlines deadlines = Deadlines.of(4000, List.of("llm.models=1500", " sweep.halt = 250 "));

		assertEquals(1500, deadlines.of("llm.models", 3000));
		assertEquals(250, deadlines.of("sweep.halt", 3000));
		assertEquals(3000, deadlines.of("gpu.memory", 3000), "what the step declares");
		assertEquals(4000, deadlines.of("gpu.memory", -1));
	}

	@Test
	void withoutConfigurationTheDefaultIsFiveSeconds() {
		assertEquals(5000, Deadlines.DEFAULT.of("any", -1));
	}

	@Test
	void aBadEntryIsRefusedNamingTheSettingAndTheEntry() {
		assertEquals("step.deadlines: \"llm.models=soon\" is not <step id>=<milliseconds above 0>",
				assertThrows(IllegalArgumentException.class, () -> Deadlines.of(5000, List.of("llm.models=soon")))
						.getMessage());
		assertEquals("step.deadlines: \"=300\" is not <step id>=<milliseconds above 0>",
				assertThrows(IllegalArgumentException.class, () -> Deadlines.of(5000, List.of("=300"))).getMessage());
		assertEquals("step.deadlines: \"sweep.halt=0\" is not <step id>=<milliseconds above 0>",
				assertThrows(IllegalArgumentException.class, () -> Deadlines.of(5000, List.of("sweep.halt=0")))
						.getMessage());
		assertEquals("default.timeout.ms must be above 0 ms: 0",
				assertThrows(IllegalArgumentException.class, () -> Deadlines.of(0, List.of())).getMessage());
	}
}
