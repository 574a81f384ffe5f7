package io.github.xpipe.config;

import io.github.xpipe.listener.PipeListenerErrorHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/** Base class of {@link PipeListenerEndpoint}s holding the common settings. */
public abstract class AbstractPipeListenerEndpoint implements PipeListenerEndpoint {

	private @Nullable String id;

	private @Nullable String pipe;

	private @Nullable Integer concurrency;

	private @Nullable Boolean autoStartup;

	private @Nullable PipeListenerErrorHandler errorHandler;

	@Override
	public String getId() {
		Assert.state(this.id != null, "No id set");
		return this.id;
	}

	public void setId(String id) {
		this.id = id;
	}

	@Override
	public String getPipe() {
		Assert.state(this.pipe != null, "No pipe set");
		return this.pipe;
	}

	public void setPipe(String pipe) {
		this.pipe = pipe;
	}

	@Override
	public @Nullable Integer getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(@Nullable Integer concurrency) {
		Assert.isTrue(concurrency == null || concurrency >= 1, () -> "concurrency must be at least 1, was " + concurrency);
		this.concurrency = concurrency;
	}

	@Override
	public @Nullable Boolean getAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(@Nullable Boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	@Override
	public @Nullable PipeListenerErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

	public void setErrorHandler(@Nullable PipeListenerErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.id + " on pipe " + this.pipe + "]";
	}

}
