package io.backstop.builder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;

/** Reading the model's replies, and the small sweep's grid. */
class RepliesTest {

	@Test
	void theSourceIsTheFencedBlockWithTheClassNamedAsAsked() {
		String reply = """
				Sure! Here it is:
				```java
				package com.example;

				import java.util.List;
				// Breakout's rules: the model's idea
				public final class Breakout extends RulesStrategy {
					public Breakout() { super("x", "Breakout", "d", List.of()); }
					char quote = '"';
					static Breakout make() { return new Breakout(); }
					String breakoutName = "Breakouts";
				}
				```
				It goes long on new highs.""";
		assertEquals("""
				import java.util.List;
				// Build_1_01's rules: the model's idea
				public final class Build_1_01 extends RulesStrategy {
					public Build_1_01() { super("x", "Breakout", "d", List.of()); }
					char quote = '"';
					static Build_1_01 make() { return new Build_1_01(); }
					String breakoutName = "Breakouts";
				}
				""", Replies.source(reply, "Build_1_01"));
		assertEquals("public class A { }\n", Replies.source("public class A { }", "A"), "an unfenced reply as it is");
	}

	@Test
	void ideasAndAnalysesComeFromJsonOrTheTextItself() {
		assertEquals("Donchian breakout with an ADX filter",
				Replies.idea("```json\n{\"idea\": \"Donchian breakout\\n with an ADX filter\", \"rules\": \"...\"}\n```"));
		assertEquals("I would trade breakouts.", Replies.idea("I would trade breakouts.\nWith a filter."));
		assertEquals("chops in ranges; next: add ADX > 25",
				Replies.analysis("{\"analysis\": \"chops in ranges\", \"next\": \"add ADX > 25\"}"));
		assertEquals("next: widen the stop", Replies.analysis("{\"next\": \"widen the stop\"}"));
		assertEquals("not json {", Replies.analysis("not json {"));
	}

	@Test
	void theSmallGridTakesFirstMiddleAndLastOfEachRangeThinnedToTheBudget() {
		List<ParameterSpec> specs = List.of(ParameterSpec.ofInt("fast", 10, 2, 100, 5, 25, 5, "fast"),
				ParameterSpec.ofInt("slow", 50, 10, 400, 40, 200, 40, "slow"));
		List<Parameters> all = SmallGrid.of(specs, 100);
		assertEquals(9, all.size());
		assertEquals(Map.of("fast", 5.0, "slow", 40.0), all.get(0).asMap());
		assertEquals(Map.of("fast", 15.0, "slow", 120.0), all.get(4).asMap());
		assertEquals(Map.of("fast", 25.0, "slow", 200.0), all.get(8).asMap());
		List<Parameters> thinned = SmallGrid.of(specs, 3);
		assertEquals(List.of(all.get(0), all.get(4), all.get(8)), thinned);
		assertEquals(List.of(), SmallGrid.of(specs, 0));
	}
}
