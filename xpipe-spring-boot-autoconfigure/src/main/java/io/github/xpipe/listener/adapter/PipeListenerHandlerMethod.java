package io.github.xpipe.listener.adapter;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Payload;
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
 * <p>A method whose one parameter is the {@code byte[]} payload, taken as it is (no header, no
 * conversion, no validation), can also be {@linkplain #invokeWithPayload invoked with the payload
 * alone}, through a method handle: no message and no argument array per call.
 */
public class PipeListenerHandlerMethod extends InvocableHandlerMethod {

	private static final Object[] NO_ARGS = new Object[0];

	private final @Nullable HandlerMethodArgumentResolver[] argumentResolvers;

	/** {@code (byte[])Object}, bound to the bean, when the method takes the payload only. */
	private final @Nullable MethodHandle payloadInvoker;

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
		this.payloadInvoker = payloadInvoker(parameters);
	}

	/**
	 * Whether the method's one parameter is the {@code byte[]} payload as it is, so that
	 * {@link #invokeWithPayload} can stand for {@link #invoke}.
	 */
	public boolean takesPayloadOnly() {
		return this.payloadInvoker != null;
	}

	/**
	 * Invokes a method that {@linkplain #takesPayloadOnly() takes the payload only}, with the same
	 * outcome as {@link #invoke} given a message with that payload: its result, or what it threw.
	 * @param payload the payload
	 * @return what the method returned
	 * @throws Exception what the method threw
	 */
	public @Nullable Object invokeWithPayload(byte[] payload) throws Exception {
		MethodHandle invoker = this.payloadInvoker;
		if (invoker == null) {
			throw new IllegalStateException(getShortLogMessage() + " takes more than the payload");
		}
		try {
			return (Object) invoker.invokeExact(payload);
		}
		catch (Exception | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Invocation failure of " + getShortLogMessage(), ex);
		}
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

	private @Nullable MethodHandle payloadInvoker(MethodParameter[] parameters) {
		Method method = getBridgedMethod();
		if (parameters.length != 1 || parameters[0].getParameterType() != byte[].class
				|| this.argumentResolvers[0] == null
				|| this.argumentResolvers[0].getClass() != PipePayloadMethodArgumentResolver.class
				|| !isPlainPayload(parameters[0].getParameterAnnotations())
				|| Modifier.isStatic(method.getModifiers()) || KotlinDetector.isKotlinType(method.getDeclaringClass())) {
			return null;
		}
		try {
			if (!method.canAccess(getBean())) {
				return null;
			}
			return MethodHandles.lookup()
				.unreflect(method)
				.bindTo(getBean())
				.asType(MethodType.methodType(Object.class, byte[].class));
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return null;
		}
	}

	/** No annotation, or {@code @Payload} without an expression: the payload as it is, unvalidated. */
	private static boolean isPlainPayload(Annotation[] annotations) {
		return annotations.length == 0 || (annotations.length == 1 && annotations[0] instanceof Payload payload
				&& payload.expression().isEmpty());
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
