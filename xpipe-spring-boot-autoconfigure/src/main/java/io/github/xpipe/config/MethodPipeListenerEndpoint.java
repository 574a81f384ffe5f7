package io.github.xpipe.config;

import java.lang.reflect.Method;
import java.util.Set;

import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.listener.MessageListener;
import io.github.xpipe.listener.adapter.MessagingMessageListenerAdapter;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * An endpoint for a method of a bean, typically one annotated with
 * {@link io.github.xpipe.annotation.PipeListener @PipeListener}. Arguments are resolved by a
 * spring-messaging {@link MessageHandlerMethodFactory}; a non-null result is sent to the
 * {@link #setReplyPipe reply pipe}, if any.
 */
public class MethodPipeListenerEndpoint extends AbstractPipeListenerEndpoint {

	private @Nullable Object bean;

	private @Nullable Method method;

	private @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;

	private @Nullable String replyPipe;

	private @Nullable XPipeOperations replyTemplate;

	public @Nullable Object getBean() {
		return this.bean;
	}

	public void setBean(Object bean) {
		this.bean = bean;
	}

	public @Nullable Method getMethod() {
		return this.method;
	}

	public void setMethod(Method method) {
		this.method = method;
	}

	public void setMessageHandlerMethodFactory(MessageHandlerMethodFactory messageHandlerMethodFactory) {
		this.messageHandlerMethodFactory = messageHandlerMethodFactory;
	}

	/** The pipe the method's results are sent to (from {@code @SendTo}), or {@code null}. */
	public @Nullable String getReplyPipe() {
		return this.replyPipe;
	}

	public void setReplyPipe(@Nullable String replyPipe) {
		this.replyPipe = replyPipe;
	}

	/** What sends the method's results. */
	public void setReplyTemplate(XPipeOperations replyTemplate) {
		this.replyTemplate = replyTemplate;
	}

	@Override
	public Set<String> getReplyPipes() {
		return (this.replyPipe != null) ? Set.of(this.replyPipe) : Set.of();
	}

	@Override
	public String getDescription() {
		if (this.method == null) {
			return "listener '" + getId() + "'";
		}
		StringBuilder description = new StringBuilder("@PipeListener on ")
			.append(ClassUtils.getUserClass(this.method.getDeclaringClass()).getSimpleName())
			.append('.')
			.append(this.method.getName())
			.append('(');
		Class<?>[] types = this.method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			description.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
		}
		return description.append(')').toString();
	}

	@Override
	public MessageListener createMessageListener() {
		Assert.state(this.bean != null && this.method != null, "No bean and method set");
		Assert.state(this.messageHandlerMethodFactory != null, "No MessageHandlerMethodFactory set");
		Assert.state(this.replyPipe == null || this.replyTemplate != null,
				() -> "No XPipeOperations to send the results of " + getDescription() + " to '" + this.replyPipe + "'");
		InvocableHandlerMethod handlerMethod = this.messageHandlerMethodFactory.createInvocableHandlerMethod(this.bean,
				this.method);
		return new MessagingMessageListenerAdapter(handlerMethod, this.replyPipe, this.replyTemplate);
	}

}
