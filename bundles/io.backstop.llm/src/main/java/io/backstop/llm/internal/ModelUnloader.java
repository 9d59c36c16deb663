package io.backstop.llm.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.llm.LoadedModel;
import io.backstop.llm.OllamaClient;
import io.backstop.llm.OllamaException;

/**
 * Lists the loaded models, unloads each, lists again to verify. VRAM released is what
 * {@code /api/ps} said the verified-unloaded models held.
 */
final class ModelUnloader {

	private final OllamaClient ollama;

	ModelUnloader(OllamaClient ollama) {
		this.ollama = ollama;
	}

	StepResult unloadAll(StopContext context) throws InterruptedException {
		String where = ollama.baseUri().toString();
		List<LoadedModel> loaded;
		try {
			loaded = ollama.ps();
		} catch (OllamaException e) {
			if (e.kind() == OllamaException.Kind.UNREACHABLE || e.kind() == OllamaException.Kind.TIMEOUT) {
				return StepResult.skipped("Ollama not reachable, nothing to unload: " + e.getMessage());
			}
			return StepResult.failed(e);
		}
		if (loaded.isEmpty()) {
			return StepResult.skipped("no model loaded in Ollama at " + where);
		}
		context.progress("unloading " + loaded.size() + " model(s) from Ollama at " + where);
		Map<String, String> errors = new LinkedHashMap<>();
		for (LoadedModel model : loaded) {
			if (context.remaining().isZero()) {
				errors.put(model.name(), "no time left before the step's deadline");
				continue;
			}
			try {
				String reason = ollama.unload(model.name());
				if (!"unload".equals(reason) && !reason.isEmpty()) {
					errors.put(model.name(), "Ollama answered done_reason '" + reason + "'");
				}
			} catch (OllamaException e) {
				errors.put(model.name(), e.getMessage());
			}
		}
		Set<String> still;
		try {
			still = ollama.ps().stream().map(LoadedModel::name).collect(Collectors.toSet());
		} catch (OllamaException e) {
			return StepResult.failed(new OllamaException(e.kind(), "models unloaded but not verified: " + e.getMessage(), e));
		}
		List<String> components = new ArrayList<>();
		List<String> unloaded = new ArrayList<>();
		List<String> remaining = new ArrayList<>();
		long vram = 0;
		for (LoadedModel model : loaded) {
			if (still.contains(model.name())) {
				String why = errors.get(model.name());
				remaining.add(model.name() + (why == null ? " (still listed by /api/ps)" : " (" + why + ")"));
			} else {
				vram += model.sizeVramBytes();
				components.add("Ollama model " + model.name());
				unloaded.add(model.name() + " " + megabytes(model.sizeVramBytes()) + " VRAM");
			}
		}
		String detail = "unloaded " + unloaded.size() + " of " + loaded.size() + " model(s) from " + where
				+ (unloaded.isEmpty() ? "" : ": " + String.join(", ", unloaded)) + "; " + megabytes(vram)
				+ " VRAM released";
		Map<String, Long> counters = Map.of("models.loaded", (long) loaded.size(), "models.unloaded",
				(long) unloaded.size(), "models.remaining", (long) remaining.size(), "vram.released.bytes", vram);
		if (!remaining.isEmpty()) {
			String error = "still loaded: " + String.join(", ", remaining);
			return new StepResult(StepStatus.FAILED, detail + "; " + error, components, vram, counters, error);
		}
		return StepResult.cleaned(detail, vram, components).withCounters(counters);
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
	}
}
