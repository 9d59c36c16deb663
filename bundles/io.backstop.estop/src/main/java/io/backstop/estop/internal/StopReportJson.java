package io.backstop.estop.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import io.backstop.estop.api.StopReport;

/**
 * The JSON form of {@link StopReport}s, as kept in the history and printed by {@code estop --json}.
 * Each report carries, besides its own fields, a {@code summary} object: its
 * {@link StopReport#scriptSummary()} with snake-case names ({@code components_cleaned},
 * {@code errors}, {@code ram_freed_mb}, {@code vram_freed_mb}, {@code ollama_vram_freed_mb},
 * {@code current_ram_mb}, {@code gc_collected_bytes}, {@code gc_collections}, {@code timestamp},
 * {@code work_blocked_at}, {@code work_halted_at}). Reading ignores it: it is derived.
 */
public final class StopReportJson {

	/** The name of the derived summary object in each report. */
	public static final String SUMMARY = "summary";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
			.registerTypeAdapter(Instant.class, new InstantAdapter()).create();
	private static final Gson SUMMARY_GSON = GSON.newBuilder()
			.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

	private StopReportJson() {
	}

	public static String toJson(StopReport report) {
		return GSON.toJson(withSummary(report));
	}

	public static StopReport fromJson(String json) {
		return requireValid(GSON.fromJson(json, StopReport.class));
	}

	public static String toJson(List<StopReport> reports) {
		JsonArray array = new JsonArray(reports.size());
		reports.forEach(report -> array.add(withSummary(report)));
		return GSON.toJson(array);
	}

	private static JsonElement withSummary(StopReport report) {
		JsonObject object = GSON.toJsonTree(report).getAsJsonObject();
		object.add(SUMMARY, SUMMARY_GSON.toJsonTree(report.scriptSummary()));
		return object;
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
