package io.github.xpipe.listener.adapter;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolverComposite;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * A listener method, invoked like spring-messaging's {@link InvocableHandlerMethod} with the same
 * argument resolvers, but with the resolver of each parameter found once, when the method is
 * registered, instead of looked up in the resolvers' cache twice per parameter and message. The
 * method is also marked accessible, so that {@link Method#invoke} skips its access check. On a pipe
 * that delivers millions of small messages a second, both lookups and the check cost as much as
 * the call itself.
 */
public class PipeListenerHandlerMethod extends InvocableHandlerMethod {

	private static final Object[] NO_ARGS = new Object[0];

	private final @Nullable HandlerMethodArgumentResolver[] argumentResolvers;

	/**
	 * @param bean the listener bean
	 * @param method its listener method
	 * @param resolvers the resolvers to pick each parameter's from, in order (the first that
	 * supports a parameter resolves it, as in {@link HandlerMethodArgumentResolverComposite})
	 */
	public PipeListenerHandlerMethod(Object bean, Method method, HandlerMethodArgumentResolverComposite resolvers) {
		super(bean, method);
		setMessageMethodArgumentResolvers(resolvers);
		MethodParameter[] parameters = getMethodParameters();
		this.argumentResolvers = new HandlerMethodArgumentResolver[parameters.length];
		initParameterNames(new DefaultParameterNameDiscoverer());
		List<HandlerMethodArgumentResolver> candidates = resolvers.getResolvers();
		for (int i = 0; i < parameters.length; i++) {
			for (HandlerMethodArgumentResolver candidate : candidates) {
				if (candidate.supportsParameter(parameters[i])) {
					this.argumentResolvers[i] = candidate;
					break;
				}
			}
		}
		getMethod().trySetAccessible();
	}

	@Override
	public void setParameterNameDiscoverer(ParameterNameDiscoverer parameterNameDiscoverer) {
		super.setParameterNameDiscoverer(parameterNameDiscoverer);
		initParameterNames(parameterNameDiscoverer);
	}

	@Override
	public @Nullable Object invoke(Message<?> message, @Nullable Object... providedArgs) throws Exception {
		return doInvoke(getMethodArgumentValues(message, providedArgs));
	}

	@Override
	protected @Nullable Object[] getMethodArgumentValues(Message<?> message, @Nullable Object... providedArgs)
			throws Exception {
		MethodParameter[] parameters = getMethodParameters();
		if (parameters.length == 0) {
			return NO_ARGS;
		}
		@Nullable Object[] args = new Object[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			MethodParameter parameter = parameters[i];
			Object provided = providedArgument(parameter, providedArgs);
			if (provided != null) {
				args[i] = provided;
				continue;
			}
			HandlerMethodArgumentResolver resolver = this.argumentResolvers[i];
			if (resolver == null) {
				throw new MethodArgumentResolutionException(message, parameter,
						"No argument resolver supports parameter " + i + " of " + getShortLogMessage());
			}
			args[i] = resolver.resolveArgument(parameter, message);
		}
		return args;
	}

	private void initParameterNames(ParameterNameDiscoverer discoverer) {
		for (MethodParameter parameter : getMethodParameters()) {
			parameter.initParameterNameDiscovery(discoverer);
		}
	}

	private static @Nullable Object providedArgument(MethodParameter parameter, @Nullable Object[] providedArgs) {
		for (Object provided : providedArgs) {
			if (parameter.getParameterType().isInstance(provided)) {
				return provided;
			}
		}
		return null;
	}

}
