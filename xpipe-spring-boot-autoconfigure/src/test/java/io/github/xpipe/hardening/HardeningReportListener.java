package io.github.xpipe.hardening;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the {@link HardeningReport} table once all tests ran, when any hardening scenario ran.
 * Registered through {@code META-INF/services}.
 */
public class HardeningReportListener implements TestExecutionListener {

	@Override
	public void testPlanExecutionFinished(TestPlan testPlan) {
		if (!HardeningReport.isEmpty()) {
			System.out.println("\nxpipe hardening scenarios (also in " + HardeningReport.FILE.toAbsolutePath() + ")\n\n"
					+ HardeningReport.table());
		}
	}

}
