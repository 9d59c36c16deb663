package io.backstop.cluster.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A cluster member alone in its JVM, for the benchmark that freezes one: {@code MemberProcess NAME
 * PORT OTHER_PORT...}. It prints "joined" once it is a member and then serves until it is ended.
 */
public final class MemberProcess {

	private MemberProcess() {
	}

	public static void main(String[] args) throws Exception {
		List<Integer> others = Arrays.stream(args).skip(2).map(Integer::parseInt).toList();
		TestCluster cluster = new TestCluster();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				cluster.close();
			} catch (Exception e) {
				// ending anyway: what is left is a temporary directory
			}
		}));
		cluster.member(args[0], Integer.parseInt(args[1]), others, 4000, Map.of());
		System.out.println("joined");
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}
}
