package io.github.xpipe.integration.outbound;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.xpipe.core.PipeSendException;
import io.github.xpipe.core.XPipeOperations;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.common.LiteralExpression;
import org.springframework.integration.expression.ExpressionUtils;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.util.Assert;

/**
 * An outbound channel adapter that writes each message to a pipe, as one frame of the pipe's framing,
 * through an {@link XPipeOperations} (typically the application's
 * {@link io.github.xpipe.core.XPipeTemplate XPipeTemplate}, with its send listeners and
 * observation). A {@code byte[]} payload is written as is; any other payload is converted by the
 * template's message converter, with the message's headers ({@code String} in the pipe's charset,
 * other objects as JSON when Jackson is present).
 *
 * <p>The pipe is {@linkplain #setPipe fixed}, or {@linkplain #setPipeExpression evaluated} against
 * each message; one of the two is required. There is no fallback to the
 * {@link io.github.xpipe.support.XPipeHeaders#PIPE xpipe_pipe} header: that names the pipe a message
 * arrived on, which is never the one to answer on.
 *
 * <p>Sends are {@linkplain #setSync synchronous} by default: {@link #handleMessage} returns once the
 * frame is in the pipe and throws otherwise, a {@link MessageHandlingException} whose cause is the
 * {@link PipeSendException} (no reader within the pipe's connect timeout, the reader went away, the
 * message too large), or the {@link io.github.xpipe.core.UnknownPipeException UnknownPipeException} or
 * {@link io.github.xpipe.core.PipeDirectionException PipeDirectionException} when the pipe cannot be
 * used (to a pipe whose sends are {@link io.github.xpipe.core.SendMode#QUEUED queued}, a synchronous send
 * returns once the message is queued, and a failed write is reported by a later send, as with the
 * template). Asynchronous sends return at once; a send that cannot even start still throws, and the
 * outcome of the others goes to the {@linkplain #setSendSuccessChannel success} and
 * {@linkplain #setSendFailureChannel failure} channels (a failure without a failure channel is
 * logged).
 */
public class PipeMessageHandler extends AbstractMessageHandler {

	private final XPipeOperations operations;

	private @Nullable Expression pipeExpression;

	/** The pipe of {@link #setPipe}: every message goes there, without evaluating an expression. */
	private @Nullable String fixedPipe;

	private boolean sync = true;

	private @Nullable MessageChannel sendFailureChannel;

	private @Nullable String sendFailureChannelName;

	private @Nullable MessageChannel sendSuccessChannel;

	private @Nullable String sendSuccessChannelName;

	private @Nullable EvaluationContext evaluationContext;

	/** A handler sending through these operations. */
	public PipeMessageHandler(XPipeOperations operations) {
		Assert.notNull(operations, "operations must not be null");
		this.operations = operations;
	}

	/** The pipe every message is written to. */
	public void setPipe(String pipe) {
		Assert.hasText(pipe, "pipe must not be empty");
		this.pipeExpression = new LiteralExpression(pipe);
		this.fixedPipe = pipe;
	}

	/**
	 * An expression evaluated against each message (the root object) to the name of the pipe it is
	 * written to, e.g. {@code headers['target']}. A message it evaluates to {@code null} or an empty
	 * name for fails with a {@link MessageHandlingException}.
	 */
	public void setPipeExpression(Expression pipeExpression) {
		Assert.notNull(pipeExpression, "pipeExpression must not be null");
		this.pipeExpression = pipeExpression;
		this.fixedPipe = null;
	}

	/**
	 * Whether a send waits for the frame to be in the pipe, throwing when it cannot be. Default
	 * {@code true}. With {@code false} the outcome goes to the success and failure channels.
	 */
	public void setSync(boolean sync) {
		this.sync = sync;
	}

	/**
	 * Where failed asynchronous sends go: an {@link ErrorMessage} whose payload is a
	 * {@link MessageHandlingException} with the message as its failed message and the
	 * {@link PipeSendException} as its cause, and whose original message is the message. Default:
	 * none, the failure is logged.
	 */
	public void setSendFailureChannel(MessageChannel sendFailureChannel) {
		this.sendFailureChannel = sendFailureChannel;
	}

	/** The name of the {@linkplain #setSendFailureChannel send failure channel}, resolved when first used. */
	public void setSendFailureChannelName(String sendFailureChannelName) {
		this.sendFailureChannelName = sendFailureChannelName;
	}

	/**
	 * Where each message goes once an asynchronous send handed it to the operating system. Default:
	 * none.
	 */
	public void setSendSuccessChannel(MessageChannel sendSuccessChannel) {
		this.sendSuccessChannel = sendSuccessChannel;
	}

	/** The name of the {@linkplain #setSendSuccessChannel send success channel}, resolved when first used. */
	public void setSendSuccessChannelName(String sendSuccessChannelName) {
		this.sendSuccessChannelName = sendSuccessChannelName;
	}

	@Override
	public String getComponentType() {
		return "xpipe:outbound-channel-adapter";
	}

	@Override
	protected void onInit() {
		super.onInit();
		Assert.state(this.pipeExpression != null,
				"A PipeMessageHandler needs the pipe to write to: setPipe(name) or setPipeExpression(expression)");
		BeanFactory beanFactory = getBeanFactory();
		this.evaluationContext = (beanFactory != null) ? ExpressionUtils.createStandardEvaluationContext(beanFactory)
				: ExpressionUtils.createStandardEvaluationContext();
	}

	@Override
	protected void handleMessageInternal(Message<?> message) {
		String pipe = pipeFor(message);
		if (this.sync) {
			this.operations.send(pipe, message);
			return;
		}
		CompletableFuture<Void> sent = this.operations.sendAsync(pipe, message);
		sent.whenComplete((ignored, failure) -> {
			if (failure == null) {
				sent(message);
			}
			else {
				failed(pipe, message, unwrap(failure));
			}
		});
	}

	private String pipeFor(Message<?> message) {
		String fixed = this.fixedPipe;
		if (fixed != null) {
			return fixed;
		}
		Expression expression = this.pipeExpression;
		EvaluationContext context = this.evaluationContext;
		Assert.state(expression != null && context != null, "PipeMessageHandler was not initialised");
		String pipe = expression.getValue(context, message, String.class);
		if (pipe == null || pipe.isEmpty()) {
			throw new MessageHandlingException(message,
					"The pipe expression '" + expression.getExpressionString() + "' gave no pipe name for this message");
		}
		return pipe;
	}

	private void sent(Message<?> message) {
		MessageChannel channel = channel(this.sendSuccessChannel, this.sendSuccessChannelName);
		if (channel != null) {
			channel.send(message);
		}
	}

	private void failed(String pipe, Message<?> message, Throwable failure) {
		MessageHandlingException exception = new MessageHandlingException(message,
				"Failed to send to pipe '" + pipe + "': " + failure.getMessage(), failure);
		MessageChannel channel = channel(this.sendFailureChannel, this.sendFailureChannelName);
		if (channel == null) {
			this.logger.error(exception, () -> "Asynchronous send to pipe '" + pipe + "' failed and no send failure channel is set");
			return;
		}
		channel.send(new ErrorMessage(exception, message));
	}

	private @Nullable MessageChannel channel(@Nullable MessageChannel channel, @Nullable String name) {
		if (channel != null) {
			return channel;
		}
		return (name != null) ? getChannelResolver().resolveDestination(name) : null;
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
