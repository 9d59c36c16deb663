package io.backstop.gpu;

/** Thrown by operations that need a CUDA device when there is none, or it was released. */
public class GpuUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public GpuUnavailableException(String message) {
		super(message);
	}
}
