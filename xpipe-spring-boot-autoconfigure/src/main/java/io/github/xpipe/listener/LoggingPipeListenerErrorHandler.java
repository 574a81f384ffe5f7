package io.github.xpipe.listener;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.support.LogRateLimiter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/**
 * The default {@link PipeListenerErrorHandler}: logs the pipe, the listener id, the error and the
 * message size, and lets the container go on. A rejected frame is a warning (its reason and byte
 * count, never its bytes); a listener exception is an error.
 *
 * <p>The log cannot be flooded: per pipe, listener and reason (the rejection reason, or the type of
 * the listener's exception) the first {@value #DEFAULT_BURST} events are logged one by one, later ones
 * only counted, and a summary with their count is logged every {@code 10 s} while they go on (see
 * {@link LogRateLimiter}). A stack trace is logged once per distinct failure (its exception types and
 * where it was thrown); later occurrences are logged in one line. Metrics and events still count
 * every one: the limit is on the log only.
 */
public class LoggingPipeListenerErrorHandler implements PipeListenerErrorHandler {

	/** How many events of one pipe, listener and reason are logged one by one before they are summarised. */
	public static final int DEFAULT_BURST = 5;

	/** How often a summary of the events left out is logged while they go on. */
	public static final Duration DEFAULT_SUMMARY_INTERVAL = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(LoggingPipeListenerErrorHandler.class);

	private final LogRateLimiter limiter;

	private final Object timerLock = new Object();

	private @Nullable ScheduledThreadPoolExecutor timer;

	private boolean summaryScheduled;

	/** Logs the first {@value #DEFAULT_BURST} events of each kind, then a summary every 10 s. */
	public LoggingPipeListenerErrorHandler() {
		this(new LogRateLimiter(DEFAULT_BURST, DEFAULT_SUMMARY_INTERVAL));
	}

	/** Logs as {@code limiter} allows. */
	public LoggingPipeListenerErrorHandler(LogRateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
		writeSummaries();
		if (!this.limiter.tryAcquire(key(exception))) {
			scheduleSummary();
			return;
		}
		if (exception.isRejectedFrame()) {
			logger.warn(exception.getMessage() + "; decoding goes on from the next frame boundary");
			return;
		}
		Throwable cause = exception.getCause();
		if (cause != null && this.limiter.isFirstOccurrence(signature(cause))) {
			logger.error(exception.getMessage() + "; continuing with the next message", cause);
		}
		else {
			logger.error(exception.getMessage() + "; continuing with the next message (the stack trace of this "
					+ "failure was logged before)");
		}
	}

	/** Logs the summaries that are due now. */
	void writeSummaries() {
		for (LogRateLimiter.Summary summary : this.limiter.drainSummaries()) {
			logger.warn(summary.key() + ": " + summary.count() + " more not logged one by one in the last "
					+ Math.max(1, summary.period().toSeconds()) + " s (metrics count every one)");
		}
	}

	/** What events are grouped by: the pipe, the listener, and the rejection reason or exception type. */
	private static String key(PipeListenerFailedException exception) {
		String prefix = "Pipe '" + exception.getPipeName() + "', listener '" + exception.getListenerId() + "'";
		Throwable cause = exception.getCause();
		if (cause instanceof FrameException frame) {
			return prefix + ": rejected frames (" + frame.reason().tag() + ")";
		}
		return prefix + ": listener failures (" + ((cause != null) ? cause.getClass().getName() : "unknown") + ")";
	}

	/** A distinct failure: the types along the cause chain and where the innermost one was thrown. */
	private static String signature(Throwable failure) {
		StringBuilder signature = new StringBuilder();
		Throwable innermost = failure;
		for (Throwable t = failure; t != null && signature.length() < 2048; t = t.getCause()) {
			signature.append(t.getClass().getName()).append('<');
			innermost = t;
			if (t.getCause() == t) {
				break;
			}
		}
		StackTraceElement[] trace = innermost.getStackTrace();
		if (trace.length > 0) {
			signature.append(trace[0]);
		}
		return signature.toString();
	}

	/** Makes sure the summary of what is being counted is logged when due, even if no event follows. */
	private void scheduleSummary() {
		Duration delay = this.limiter.nextSummaryDelay();
		if (delay == null) {
			return;
		}
		synchronized (this.timerLock) {
			if (this.summaryScheduled) {
				return;
			}
			if (this.timer == null) {
				ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
					Thread thread = new Thread(task, "xpipe-error-log-summary");
					thread.setDaemon(true);
					return thread;
				});
				executor.setKeepAliveTime(30, TimeUnit.SECONDS);
				executor.allowCoreThreadTimeOut(true);
				this.timer = executor;
			}
			this.summaryScheduled = true;
			this.timer.schedule(this::summaryDue, delay.toNanos() + 1_000_000, TimeUnit.NANOSECONDS);
		}
	}

	private void summaryDue() {
		synchronized (this.timerLock) {
			this.summaryScheduled = false;
		}
		writeSummaries();
		scheduleSummary();
	}

}
