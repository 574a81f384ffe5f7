package io.github.xpipe.stream.binder.provisioning;

import java.util.Locale;

import io.github.xpipe.autoconfigure.PipeProperties;
import io.github.xpipe.autoconfigure.XPipeProperties;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeDefinition;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.XPipeException;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.stream.binder.properties.XPipeConsumerProperties;
import io.github.xpipe.stream.binder.properties.XPipeProducerProperties;

import org.springframework.beans.BeanUtils;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.provisioning.ProvisioningException;
import org.springframework.cloud.stream.provisioning.ProvisioningProvider;
import org.springframework.util.StringUtils;

/**
 * Provisions the pipe of each binding through the {@link PipeRegistry}, under the same rules as
 * the pipes declared under {@code xpipe.pipes}: owner-only FIFOs ({@code permissions}
 * {@code rw-------}) in an owner-only directory, a path owned by another user, a symlink or a
 * regular file refused, the FIFO removed when the application stops if it created it.
 *
 * <p>A destination is a pipe's name or path:
 * <ul>
 * <li>the name of a pipe declared under {@code xpipe.pipes}: that pipe, with its declared settings
 * (its direction must be the binding's);</li>
 * <li>a bare name such as {@code orders}: a pipe of that name provisioned with the binding's
 * settings ({@code spring.cloud.stream.xpipe.bindings.<binding>.consumer|producer.*}), whose FIFO is
 * {@code <xpipe.base-dir>/orders} on Linux and macOS (by default {@code $XDG_RUNTIME_DIR/xpipe}, else
 * {@code <java.io.tmpdir>/xpipe-<user>}) and {@code \\.\pipe\orders} on Windows, unless the binding
 * sets a {@code path};</li>
 * <li>a path such as {@code /srv/app/orders} or {@code \\.\pipe\orders}: a pipe of that name at that
 * path.</li>
 * </ul>
 * A consumer binding's pipe is inbound, a producer binding's outbound; one pipe name cannot be both
 * in one application.
 *
 * <p>A pipe that cannot be provisioned fails its binding with a {@link ProvisioningException} saying
 * what to change. Spring Cloud Stream logs it and tries the binding again every
 * {@code spring.cloud.stream.binding-retry-interval} (30 seconds); with that set to 0 the application
 * stops instead.
 */
public class XPipeProvisioner implements ProvisioningProvider<ExtendedConsumerProperties<XPipeConsumerProperties>,
		ExtendedProducerProperties<XPipeProducerProperties>> {

	private final PipeRegistry registry;

	private final XPipeProperties xpipeProperties;

	/**
	 * @param registry where the pipes are provisioned, and the declared ones found
	 * @param xpipeProperties xpipe's settings, for the base directory
	 */
	public XPipeProvisioner(PipeRegistry registry, XPipeProperties xpipeProperties) {
		this.registry = registry;
		this.xpipeProperties = xpipeProperties;
	}

	@Override
	public XPipeDestination provisionProducerDestination(String name,
			ExtendedProducerProperties<XPipeProducerProperties> properties) {
		return provision(name, properties.getExtension(), PipeDirection.OUTBOUND,
				"producer binding '" + properties.getBindingName() + "'");
	}

	@Override
	public XPipeDestination provisionConsumerDestination(String name, String group,
			ExtendedConsumerProperties<XPipeConsumerProperties> properties) {
		return provision(name, properties.getExtension(), PipeDirection.INBOUND,
				"consumer binding '" + properties.getBindingName() + "'");
	}

	private XPipeDestination provision(String destination, PipeProperties settings, PipeDirection direction,
			String binding) {
		if (!StringUtils.hasText(destination)) {
			throw new ProvisioningException("The " + binding + " has no destination: set "
					+ "spring.cloud.stream.bindings.<binding>.destination to a pipe's name or path");
		}
		ManagedPipe declared = this.registry.findPipe(destination);
		if (declared != null && !this.registry.isProvisioned(destination)) {
			if (declared.getDirection() != direction) {
				throw new ProvisioningException("The " + binding + " uses pipe '" + destination
						+ "', declared as xpipe.pipes." + destination + " with direction "
						+ declared.getDirection().name().toLowerCase(Locale.ROOT) + ": set its direction to "
						+ direction.name().toLowerCase(Locale.ROOT) + ", or bind another destination");
			}
			return new XPipeDestination(declared);
		}
		try {
			return new XPipeDestination(this.registry.provision(definition(destination, settings, direction)));
		}
		catch (IllegalStateException | IllegalArgumentException | XPipeException ex) {
			throw new ProvisioningException("Cannot provision the pipe of the " + binding + ": " + ex.getMessage(), ex);
		}
	}

	private PipeDefinition definition(String destination, PipeProperties settings, PipeDirection direction) {
		if (settings.getDirection() != direction) {
			throw new IllegalStateException("its settings are for an " + settings.getDirection() + " pipe");
		}
		if (settings.getPath() == null && isPath(destination)) {
			PipeProperties atPath = copyWithPath(settings, destination);
			return atPath.toDefinition(destination, this.xpipeProperties);
		}
		return settings.toDefinition(destination, this.xpipeProperties);
	}

	private static boolean isPath(String destination) {
		return destination.indexOf('/') >= 0 || destination.indexOf('\\') >= 0;
	}

	private static PipeProperties copyWithPath(PipeProperties settings, String path) {
		PipeProperties copy = new PipeProperties();
		BeanUtils.copyProperties(settings, copy);
		copy.setPath(path);
		return copy;
	}

}
