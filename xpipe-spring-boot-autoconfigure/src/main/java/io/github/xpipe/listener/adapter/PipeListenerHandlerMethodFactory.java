package io.github.xpipe.listener.adapter;

import java.lang.reflect.Method;
import java.util.List;

import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolverComposite;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * spring-messaging's {@link DefaultMessageHandlerMethodFactory}, configured the same way, whose
 * handler methods are {@link PipeListenerHandlerMethod}s: each parameter's resolver is found once.
 */
public class PipeListenerHandlerMethodFactory extends DefaultMessageHandlerMethodFactory {

	/** The resolvers the factory ended up with, kept to hand to each handler method. */
	private final HandlerMethodArgumentResolverComposite resolvers = new HandlerMethodArgumentResolverComposite();

	@Override
	public void setArgumentResolvers(List<HandlerMethodArgumentResolver> argumentResolvers) {
		super.setArgumentResolvers(argumentResolvers);
		this.resolvers.clear();
		this.resolvers.addResolvers(argumentResolvers);
	}

	@Override
	protected List<HandlerMethodArgumentResolver> initArgumentResolvers() {
		List<HandlerMethodArgumentResolver> defaults = super.initArgumentResolvers();
		this.resolvers.clear();
		this.resolvers.addResolvers(defaults);
		return defaults;
	}

	@Override
	public InvocableHandlerMethod createInvocableHandlerMethod(Object bean, Method method) {
		return new PipeListenerHandlerMethod(bean, method, this.resolvers);
	}

}
