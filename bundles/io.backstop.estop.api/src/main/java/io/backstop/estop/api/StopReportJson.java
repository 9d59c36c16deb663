package io.backstop.estop.api;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/** The JSON form of {@link StopReport}s, as kept in the history and printed by {@code estop --json}. */
public final class StopReportJson {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
			.registerTypeAdapter(Instant.class, new InstantAdapter()).create();

	private StopReportJson() {
	}

	public static String toJson(StopReport report) {
		return GSON.toJson(report);
	}

	public static StopReport fromJson(String json) {
		return requireValid(GSON.fromJson(json, StopReport.class));
	}

	public static String toJson(List<StopReport> reports) {
		return GSON.toJson(reports);
	}

	/** @throws JsonParseException when the text is not a list of reports */
	public static List<StopReport> listFromJson(String json) {
		List<StopReport> reports = GSON.fromJson(json, new TypeToken<List<StopReport>>() {
		}.getType());
		if (reports == null) {
			throw new JsonParseException("empty document");
		}
		reports.forEach(StopReportJson::requireValid);
		return reports;
	}

	private static StopReport requireValid(StopReport report) {
		if (report == null || report.timestamp() == null || report.before() == null || report.after() == null) {
			throw new JsonParseException("not a stop report: timestamp, before or after missing");
		}
		return report;
	}

	private static final class InstantAdapter extends TypeAdapter<Instant> {
		@Override
		public void write(JsonWriter out, Instant value) throws IOException {
			if (value == null) {
				out.nullValue();
			} else {
				out.value(value.toString());
			}
		}

		@Override
		public Instant read(JsonReader in) throws IOException {
			if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
				in.nextNull();
				return null;
			}
			return Instant.parse(in.nextString());
		}
	}
}
