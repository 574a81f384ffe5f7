package io.github.xpipe.annotation;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.xpipe.config.MethodPipeListenerEndpoint;
import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.config.PipeListenerEndpointRegistrar;
import io.github.xpipe.config.PipeListenerEndpointRegistry;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import io.github.xpipe.listener.adapter.PipeListenerHandlerMethodFactory;
import io.github.xpipe.listener.adapter.PipePayloadMethodArgumentResolver;
import io.github.xpipe.support.converter.XPipeMessageConverter;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.validation.Validator;

/**
 * Finds {@link PipeListener @PipeListener} methods on beans and registers one endpoint per
 * annotation. Once all singletons exist, it checks every endpoint against the declared pipes and
 * hands them to the {@link PipeListenerEndpointRegistry}, which starts their containers with the
 * context.
 *
 * <p>It uses these beans: {@link PipeListenerEndpointRegistry}, {@link PipeRegistry}, the
 * {@link PipeListenerContainerFactory} (the one named {@value #DEFAULT_CONTAINER_FACTORY_BEAN_NAME},
 * else the only one), and if present an {@link XPipeMessageConverter}, an {@link XPipeOperations}
 * (for {@code @SendTo}) and a unique {@link Validator} (for {@code @Valid}).
 *
 * <p>Ahead-of-time processing needs nothing from it: {@link PipeListener @PipeListener} is
 * {@link org.springframework.aot.hint.annotation.Reflective @Reflective}, so the methods it finds at
 * run time, and their payload and return types, are already in the native image's hints, as
 * {@code @KafkaListener} methods are through {@code @MessageMapping}.
 */
public class PipeListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, Ordered {

	/** The bean name of the container factory used by default. */
	public static final String DEFAULT_CONTAINER_FACTORY_BEAN_NAME = "pipeListenerContainerFactory";

	private final PipeListenerEndpointRegistrar registrar = new PipeListenerEndpointRegistrar();

	private final Set<Class<?>> classesWithoutListeners = Collections.newSetFromMap(new ConcurrentHashMap<>());

	private final Map<MethodPipeListenerEndpoint, String> errorHandlerBeanNames = new ConcurrentHashMap<>();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private @Nullable BeanExpressionContext expressionContext;

	private volatile boolean singletonsInstantiated;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory configurable) {
			this.beanFactory = configurable;
			this.expressionContext = new BeanExpressionContext(configurable, null);
		}
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	/** The registrar holding the endpoints found so far. */
	public PipeListenerEndpointRegistrar getEndpointRegistrar() {
		return this.registrar;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutListeners.contains(targetClass)) {
			return bean;
		}
		Map<Method, Set<PipeListener>> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Set<PipeListener>>) (method) -> {
					Set<PipeListener> listeners = AnnotatedElementUtils.findMergedRepeatableAnnotations(method,
							PipeListener.class, PipeListeners.class);
					return listeners.isEmpty() ? null : listeners;
				});
		if (annotated.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		annotated.forEach((method, listeners) -> {
			int index = 0;
			for (PipeListener listener : listeners) {
				processListener(listener, method, bean, beanName, index++);
			}
		});
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableListableBeanFactory factory = requireBeanFactory();
		this.errorHandlerBeanNames.forEach((endpoint, beanName) -> endpoint
			.setErrorHandler(factory.getBean(beanName, PipeListenerErrorHandler.class)));
		this.errorHandlerBeanNames.clear();
		this.singletonsInstantiated = true;
		this.registrar.setEndpointRegistry(factory.getBean(PipeListenerEndpointRegistry.class));
		this.registrar.setPipeRegistry(factory.getBean(PipeRegistry.class));
		this.registrar.setContainerFactory(containerFactory(factory));
		this.registrar.setMessageHandlerMethodFactory(messageHandlerMethodFactory(factory));
		this.registrar.setReplyTemplate(factory.getBeanProvider(XPipeOperations.class).getIfUnique());
		this.registrar.registerEndpoints();
	}

	private void processListener(PipeListener listener, Method method, Object bean, String beanName, int index) {
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		MethodPipeListenerEndpoint endpoint = new MethodPipeListenerEndpoint();
		endpoint.setBean(bean);
		endpoint.setMethod(invocable);
		String pipe = resolve(listener.pipe());
		Assert.state(StringUtils.hasText(pipe), () -> "@PipeListener on " + beanName + "." + method.getName()
				+ " names no pipe: use @PipeListener(\"<pipe>\") with a key of xpipe.pipes");
		endpoint.setPipe(pipe);
		String id = resolve(listener.id());
		endpoint.setId(StringUtils.hasText(id) ? id
				: beanName + "." + method.getName() + ((index > 0) ? "#" + index : ""));
		String concurrency = resolve(listener.concurrency());
		if (StringUtils.hasText(concurrency)) {
			endpoint.setConcurrency(parseConcurrency(concurrency, endpoint));
		}
		String autoStartup = resolve(listener.autoStartup());
		if (StringUtils.hasText(autoStartup)) {
			endpoint.setAutoStartup(parseBoolean(autoStartup, "autoStartup", endpoint));
		}
		String errorHandler = resolve(listener.errorHandler());
		if (StringUtils.hasText(errorHandler)) {
			if (this.singletonsInstantiated) {
				endpoint.setErrorHandler(requireBeanFactory().getBean(errorHandler, PipeListenerErrorHandler.class));
			}
			else {
				this.errorHandlerBeanNames.put(endpoint, errorHandler);
			}
		}
		endpoint.setReplyPipe(replyPipe(invocable, endpoint));
		this.registrar.registerEndpoint(endpoint);
	}

	private @Nullable String replyPipe(Method method, MethodPipeListenerEndpoint endpoint) {
		SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
		if (sendTo == null) {
			sendTo = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), SendTo.class);
		}
		if (sendTo == null) {
			return null;
		}
		String[] pipes = sendTo.value();
		Assert.state(pipes.length == 1 && StringUtils.hasText(pipes[0]), () -> "@SendTo of "
				+ endpoint.getDescription() + " must name exactly one pipe, e.g. @SendTo(\"replies\")");
		return resolve(pipes[0]);
	}

	private PipeListenerContainerFactory<?> containerFactory(ConfigurableListableBeanFactory factory) {
		if (factory.containsBean(DEFAULT_CONTAINER_FACTORY_BEAN_NAME)) {
			return factory.getBean(DEFAULT_CONTAINER_FACTORY_BEAN_NAME, PipeListenerContainerFactory.class);
		}
		return factory.getBean(PipeListenerContainerFactory.class);
	}

	private MessageHandlerMethodFactory messageHandlerMethodFactory(ConfigurableListableBeanFactory factory) {
		DefaultMessageHandlerMethodFactory handlerMethodFactory = new PipeListenerHandlerMethodFactory();
		handlerMethodFactory.setBeanFactory(factory);
		MessageConverter converter = factory.getBeanProvider(XPipeMessageConverter.class)
			.getIfUnique(() -> XPipeMessageConverter.withDefaults(null));
		handlerMethodFactory.setMessageConverter(converter);
		Validator validator = factory.getBeanProvider(Validator.class).getIfUnique();
		if (validator != null) {
			handlerMethodFactory.setValidator(validator);
		}
		handlerMethodFactory.setCustomArgumentResolvers(List.of(new PipePayloadMethodArgumentResolver(converter, validator)));
		handlerMethodFactory.afterPropertiesSet();
		return handlerMethodFactory;
	}

	private String resolve(String value) {
		ConfigurableListableBeanFactory factory = requireBeanFactory();
		String resolved = factory.resolveEmbeddedValue(value);
		BeanExpressionResolver expressionResolver = factory.getBeanExpressionResolver();
		if (resolved != null && expressionResolver != null && resolved.contains("#{")) {
			Object evaluated = expressionResolver.evaluate(resolved, this.expressionContext);
			return (evaluated != null) ? evaluated.toString() : "";
		}
		return (resolved != null) ? resolved : "";
	}

	private static int parseConcurrency(String value, MethodPipeListenerEndpoint endpoint) {
		try {
			int concurrency = Integer.parseInt(value.trim());
			if (concurrency >= 1) {
				return concurrency;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalStateException("concurrency of " + endpoint.getDescription() + " is '" + value
				+ "': use a whole number of at least 1");
	}

	private static boolean parseBoolean(String value, String attribute, MethodPipeListenerEndpoint endpoint) {
		String trimmed = value.trim();
		if ("true".equalsIgnoreCase(trimmed) || "false".equalsIgnoreCase(trimmed)) {
			return Boolean.parseBoolean(trimmed);
		}
		throw new IllegalStateException(attribute + " of " + endpoint.getDescription() + " is '" + value
				+ "': use true or false");
	}

	private ConfigurableListableBeanFactory requireBeanFactory() {
		Assert.state(this.beanFactory != null, "No ConfigurableListableBeanFactory set");
		return this.beanFactory;
	}

}
