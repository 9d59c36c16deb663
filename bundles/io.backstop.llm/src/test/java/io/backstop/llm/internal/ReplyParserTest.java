package io.backstop.llm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.llm.ParameterSpec;
import io.backstop.llm.internal.Decision.Action;

class ReplyParserTest {

	private final ReplyParser parser = new ReplyParser(
			List.of(ParameterSpec.integer("fast", 2, 50), ParameterSpec.decimal("stop", 0.5, 5.0)));

	@Test
	void continueWithProseAroundTheJson() throws Exception {
		Decision d = parser.parse("Sure! {\"action\":\"continue\",\"parameters\":{\"fast\":10,\"stop\":\"1.5\"},"
				+ "\"reasoning\":\"wider stop\"} Hope this helps.", false);
		assertEquals(Action.CONTINUE, d.action());
		assertEquals(Map.of("fast", 10L, "stop", 1.5), d.parameters());
		assertEquals("wider stop", d.reasoning());
	}

	@Test
	void sweepWithObjectAndArrayRanges() throws Exception {
		Decision d = parser.parse(
				"{\"action\":\"sweep_narrowed_range\",\"ranges\":{\"fast\":{\"min\":8,\"max\":12},\"stop\":[1,2]}}", true);
		assertEquals(Action.SWEEP, d.action());
		assertArrayEquals(new double[] { 8, 12 }, d.ranges().get("fast"));
		assertArrayEquals(new double[] { 1, 2 }, d.ranges().get("stop"));
	}

	@Test
	void errorsTellTheModelWhatIsAllowed() {
		assertTrue(message("{\"action\":\"continue\",\"parameters\":{\"fast\":10.5,\"stop\":1}}")
				.contains("fast = 10.5 must be a whole number"));
		assertTrue(message("{\"action\":\"continue\",\"parameters\":{\"fast\":10,\"stop\":9}}")
				.contains("stop = 9 is outside its range [0.5, 5]"));
		assertTrue(message("{\"action\":\"continue\",\"parameters\":{\"fast\":10,\"stop\":1,\"slow\":3}}")
				.contains("unknown parameter \"slow\""));
		assertTrue(message("{\"action\":\"jump\"}").contains("unknown action"));
		assertTrue(message("{\"action\":\"sweep\",\"ranges\":{\"fast\":{\"min\":20,\"max\":10}}}")
				.contains("min 20 is above max 10"));
		assertTrue(message("{\"action\":\"accept\"}").contains("nothing has been evaluated yet"));
		assertTrue(message("{\"action\":\"continue\",\"parameters\":{\"fast\":10,").contains("no JSON object"));
		assertTrue(message("{\"action\":\"continue\",\"parameters\":{\"fast\":\"ten\",\"stop\":1}}")
				.contains("fast must be a number"));
	}

	@Test
	void sweepGridStaysWithinItsBudget() {
		var specs = List.of(ParameterSpec.integer("fast", 2, 50), ParameterSpec.decimal("stop", 0.5, 5.0));
		var cells = SweepGrid.cells(specs, Map.of("fast", 10L, "stop", 1.0),
				Map.of("fast", new double[] { 8, 9 }, "stop", new double[] { 1, 2 }), 25);
		assertEquals(2 * 5, cells.size(), "an integer axis has no duplicate values");
		assertTrue(cells.stream().allMatch(c -> c.get("stop").doubleValue() >= 1 && c.get("stop").doubleValue() <= 2));
		assertEquals(1, SweepGrid.cells(specs, Map.of("fast", 10L, "stop", 1.0),
				Map.of("fast", new double[] { 8, 12 }), 1).size());
	}

	private String message(String reply) {
		return assertThrows(InvalidReplyException.class, () -> parser.parse(reply, false)).getMessage();
	}
}
