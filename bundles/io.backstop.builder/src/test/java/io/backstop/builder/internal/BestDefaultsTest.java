package io.backstop.builder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.ParameterSpec;

class BestDefaultsTest {

	private static final List<ParameterSpec> SPECS = List.of(ParameterSpec.ofInt("fast", 12, 2, 200, 6, 24, 6, "fast"),
			ParameterSpec.ofInt("slow", 48, 10, 400, 30, 90, 30, "slow"),
			ParameterSpec.ofDouble("stop_pct", 1.5, 0, 10, 0, 3, 1, "stop"));

	private static final String SOURCE = """
			// "fast", 12 in a comment is not the default
			public class Cross extends RulesStrategy {
				private static final String NOTE = "\\"fast\\", 12";
				public Cross() {
					super("cross", "Cross", "fast, 12 and slow", List.of(ParameterSpec.ofInt("fast", 12, 2, 200, 6, 24, 6, "fast"),
							ParameterSpec.ofInt( "slow" ,48, 10, 400, 30, 90, 30, "slow"),
							ParameterSpec.ofDouble("stop_pct", 1.5d, 0, 10, 0, 3, 1, "stop")));
				}
			}
			""";

	@Test
	void theBestValuesReplaceTheDefaultsWrittenBesideTheirNamesAndNothingElse() {
		BestDefaults.Rewrite rewrite = BestDefaults.apply(SOURCE, SPECS, Map.of("fast", 6.0, "slow", 90.0, "stop_pct", 2.0));
		assertEquals(SOURCE.replace("\"fast\", 12, 2", "\"fast\", 6, 2").replace("\"slow\" ,48,", "\"slow\" ,90,")
				.replace("1.5d", "2.0"), rewrite.source());
		assertEquals(List.of("fast 12 -> 6", "slow 48 -> 90", "stop_pct 1.5 -> 2.0"), rewrite.set());
		assertEquals(Map.of("fast", 6.0, "slow", 90.0, "stop_pct", 2.0), rewrite.written());
		assertEquals(List.of(), rewrite.kept());
	}

	@Test
	void aValueThatIsAlreadyTheDefaultChangesNothing() {
		BestDefaults.Rewrite rewrite = BestDefaults.apply(SOURCE, SPECS, Map.of("fast", 12.0, "slow", 48.0));
		assertEquals(SOURCE, rewrite.source());
		assertEquals(List.of(), rewrite.set());
		assertEquals(List.of(), rewrite.kept());
	}

	@Test
	void aDefaultNotWrittenBesideItsNameOrWrittenTwiceIsKeptAndNamed() {
		String fromConstant = SOURCE.replace("ofInt(\"fast\", 12,", "ofInt(\"fast\", FAST,");
		BestDefaults.Rewrite constant = BestDefaults.apply(fromConstant, SPECS, Map.of("fast", 6.0, "slow", 90.0));
		assertEquals(List.of("fast"), constant.kept());
		assertEquals(List.of("slow 48 -> 90"), constant.set());

		String twice = SOURCE.replace("List.of(ParameterSpec", "List.of(check(\"fast\", 12), ParameterSpec");
		BestDefaults.Rewrite ambiguous = BestDefaults.apply(twice, SPECS, Map.of("fast", 6.0));
		assertEquals(List.of("fast"), ambiguous.kept());
		assertEquals(twice, ambiguous.source());
	}
}
