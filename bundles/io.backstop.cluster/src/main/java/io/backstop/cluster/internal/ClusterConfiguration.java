package io.backstop.cluster.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.backstop.cluster.Cluster;

/** The cluster's configuration, PID {@value Cluster#PID}. */
@ObjectClassDefinition(name = "Backstop cluster",
		description = "Join other Backstops over TCP to spread sweeps and stop them all at once. The open edition has "
				+ "no TLS and no authentication: keep it on loopback or a network you trust.")
public @interface ClusterConfiguration {

	@AttributeDefinition(name = "Enabled", description = "Run an embedded cluster member (off by default).")
	boolean enabled() default false;

	@AttributeDefinition(name = "Cluster name", description = "Only members of the same name join each other.")
	String cluster_name() default ClusterSettings.DEFAULT_NAME;

	@AttributeDefinition(name = "Port", description = "The TCP port this member listens on.", min = "1", max = "65535")
	int port() default ClusterSettings.DEFAULT_PORT;

	@AttributeDefinition(name = "Members",
			description = "Members to join, HOST[:PORT] separated by commas (no port: this member's port).")
	String members() default "";

	@AttributeDefinition(name = "Interface", description = "The address this member binds to.")
	String bind_interface() default ClusterSettings.LOOPBACK;

	@AttributeDefinition(name = "Allow a non-loopback interface",
			description = "Bind an interface other machines can reach, although nothing authenticates them.")
	boolean allow_non_loopback() default false;
}
