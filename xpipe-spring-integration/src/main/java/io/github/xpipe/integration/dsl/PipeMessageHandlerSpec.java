package io.github.xpipe.integration.dsl;

import java.util.function.Function;

import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.integration.outbound.PipeMessageHandler;

import org.springframework.integration.dsl.MessageHandlerSpec;
import org.springframework.integration.expression.FunctionExpression;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/** The Java DSL spec of a {@link PipeMessageHandler}. */
public class PipeMessageHandlerSpec extends MessageHandlerSpec<PipeMessageHandlerSpec, PipeMessageHandler> {

	/** A spec of a handler sending through these operations. */
	protected PipeMessageHandlerSpec(XPipeOperations operations) {
		this.target = new PipeMessageHandler(operations);
	}

	/** @see PipeMessageHandler#setPipe */
	public PipeMessageHandlerSpec pipe(String pipe) {
		this.target.setPipe(pipe);
		return this;
	}

	/**
	 * A SpEL expression evaluated against each message to the pipe's name.
	 * @see PipeMessageHandler#setPipeExpression
	 */
	public PipeMessageHandlerSpec pipeExpression(String pipeExpression) {
		this.target.setPipeExpression(PARSER.parseExpression(pipeExpression));
		return this;
	}

	/**
	 * A function of each message giving the pipe's name.
	 * @see PipeMessageHandler#setPipeExpression
	 */
	public PipeMessageHandlerSpec pipeFunction(Function<Message<?>, String> pipeFunction) {
		this.target.setPipeExpression(new FunctionExpression<>(pipeFunction));
		return this;
	}

	/** @see PipeMessageHandler#setSync */
	public PipeMessageHandlerSpec sync(boolean sync) {
		this.target.setSync(sync);
		return this;
	}

	/** @see PipeMessageHandler#setSendFailureChannel */
	public PipeMessageHandlerSpec sendFailureChannel(MessageChannel sendFailureChannel) {
		this.target.setSendFailureChannel(sendFailureChannel);
		return this;
	}

	/** @see PipeMessageHandler#setSendFailureChannelName */
	public PipeMessageHandlerSpec sendFailureChannel(String sendFailureChannelName) {
		this.target.setSendFailureChannelName(sendFailureChannelName);
		return this;
	}

	/** @see PipeMessageHandler#setSendSuccessChannel */
	public PipeMessageHandlerSpec sendSuccessChannel(MessageChannel sendSuccessChannel) {
		this.target.setSendSuccessChannel(sendSuccessChannel);
		return this;
	}

	/** @see PipeMessageHandler#setSendSuccessChannelName */
	public PipeMessageHandlerSpec sendSuccessChannel(String sendSuccessChannelName) {
		this.target.setSendSuccessChannelName(sendSuccessChannelName);
		return this;
	}

}
