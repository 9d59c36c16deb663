package io.backstop.gpu.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.backstop.gpu.GpuService;

/** The GPU service's configuration, PID {@value GpuService#PID}. */
@ObjectClassDefinition(name = "Backstop GPU", description = "Which CUDA device the GPU service opens.")
public @interface GpuConfiguration {

	@AttributeDefinition(name = "Device", description = "The CUDA device's ordinal (0 is the first device).", min = "0")
	int device() default 0;
}
