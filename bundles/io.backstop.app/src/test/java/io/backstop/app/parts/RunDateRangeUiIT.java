package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;
import io.backstop.run.Formats;
import io.backstop.run.ResultRow;
import io.backstop.run.RunHandle;

/** From and to in the Run view choose the bars a run uses; a range without bars says so in red. */
class RunDateRangeUiIT {

	@Test
	void aBacktestRunsOnTheDaysTypedAndARangeOutsideTheDataIsRefusedInRed() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			OhlcvSeries sample = ui.runs.openSample();
			RunPart run = ui.part(RunPart.class, "Run", 380, 900);
			Control view = run.runButton().getParent();
			String firstDay = Formats.barTime(sample.timestamps()[0]).substring(0, 10);
			Widgets.find(view, Text.class, "run.from").setText(firstDay);
			Widgets.find(view, Text.class, "run.to").setText(firstDay);

			RunHandle handle = run.run();
			assertNotNull(handle, run.statusText());
			ResultRow row = handle.completion().get(60, TimeUnit.SECONDS).rows().get(0);
			assertTrue(row.series().size() > 0 && row.series().size() <= 24 * 12, "one day of 5-minute bars at most: "
					+ row.series().size());
			assertTrue(row.series().name().contains("from " + firstDay + " 00:00 UTC to " + firstDay + " 23:59 UTC"),
					row.series().name());

			Widgets.find(view, Text.class, "run.from").setText("2099-01-01");
			Widgets.find(view, Text.class, "run.to").setText("");
			assertNull(run.run());
			assertTrue(run.statusText().startsWith("from/to: no bar of " + sample.name() + " from 2099-01-01 00:00 UTC;"),
					run.statusText());
			assertTrue(run.statusShowsProblem());

			Widgets.find(view, Text.class, "run.from").setText("yesterday");
			assertNull(run.run());
			assertEquals("from: 'yesterday' is not a date (2025-05-01 or 2025-05-01 14:30, UTC)", run.statusText());
		}
	}
}
