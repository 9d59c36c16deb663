package io.backstop.llm.internal;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;

/**
 * What the model unload step costs a stop when Ollama is down (a refused loopback connection),
 * in a fresh JVM: {@code cold} takes the first stop without the activation's warm-up, as the
 * step did before it had one; {@code warm} warms up first, as activation does. Then more stops
 * in the same JVM. Run by bench.sh, one JVM per mode; not part of the build's tests.
 */
public final class IdleUnloadBenchmark {

	private IdleUnloadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		boolean warm = args.length == 0 || !"cold".equals(args[0]);
		int stops = args.length > 1 ? Integer.parseInt(args[1]) : 50;
		URI down;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			down = URI.create("http://127.0.0.1:" + socket.getLocalPort());
		}
		long a0 = System.nanoTime();
		try (ModelUnloader unloader = new ModelUnloader()) {
			if (warm) {
				unloader.warmUp(down);
			}
			double activationMs = (System.nanoTime() - a0) / 1e6;
			// a stop comes well after activation: let the JIT and the client's threads settle
			Thread.sleep(1000);
			double[] millis = new double[stops];
			String status = "";
			for (int i = 0; i < stops; i++) {
				long t0 = System.nanoTime();
				StepResult result = unloader.unloadAll(down,
						StopContext.of(StopRequest.of("benchmark", "benchmark"), Duration.ofSeconds(5), line -> {
						}));
				millis[i] = (System.nanoTime() - t0) / 1e6;
				status = result.status().name();
			}
			double first = millis[0];
			Arrays.sort(millis, 1, stops);
			System.out.printf(Locale.ROOT,
					"%s: activation %.1f ms; first stop %.2f ms; next %d stops median %.2f ms, max %.2f ms (%s)%n",
					warm ? "warm" : "cold", activationMs, first, stops - 1, millis[1 + (stops - 1) / 2], millis[stops - 1],
					status);
		}
	}
}
