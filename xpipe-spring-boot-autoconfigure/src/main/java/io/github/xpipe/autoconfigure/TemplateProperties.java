package io.github.xpipe.autoconfigure;

/** Settings of the auto-configured XPipeTemplate: the properties under {@code xpipe.template}. */
public class TemplateProperties {

	/** Whether each message the template sends is observed ('xpipe.template'), given an ObservationRegistry. */
	private boolean observationEnabled;

	public boolean isObservationEnabled() {
		return this.observationEnabled;
	}

	public void setObservationEnabled(boolean observationEnabled) {
		this.observationEnabled = observationEnabled;
	}

}
