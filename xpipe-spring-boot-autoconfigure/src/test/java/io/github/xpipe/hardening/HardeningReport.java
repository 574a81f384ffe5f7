package io.github.xpipe.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of the hardening scenarios, one row per scenario, kept for the run and written to
 * {@code target/hardening-report.md} each time a row is added; {@link HardeningReportListener}
 * prints the table when the test run ends.
 */
final class HardeningReport {

	static final Path FILE = Path.of("target", "hardening-report.md");

	private static final Map<String, Row> rows = new TreeMap<>();

	private HardeningReport() {
	}

	/** Records a fault scenario's message counts. */
	static void messages(String id, String scenario, long sent, long delivered, long lost, long duplicated,
			String observations) {
		add(new Row(id, scenario, String.valueOf(sent), String.valueOf(delivered), String.valueOf(lost),
				String.valueOf(duplicated), observations));
	}

	/** Records a scenario without message counts (an attack, a limit). */
	static void outcome(String id, String scenario, String observations) {
		add(new Row(id, scenario, "–", "–", "–", "–", observations));
	}

	static synchronized boolean isEmpty() {
		return rows.isEmpty();
	}

	static synchronized String table() {
		StringBuilder table = new StringBuilder();
		table.append("| # | Scenario | Sent | Delivered | Lost | Duplicated | Observations |\n");
		table.append("|---|---|---:|---:|---:|---:|---|\n");
		for (Row row : rows.values()) {
			table.append("| ").append(row.id()).append(" | ").append(row.scenario()).append(" | ").append(row.sent())
				.append(" | ").append(row.delivered()).append(" | ").append(row.lost()).append(" | ")
				.append(row.duplicated()).append(" | ").append(row.observations().replace("|", "\\|")).append(" |\n");
		}
		return table.toString();
	}

	private static synchronized void add(Row row) {
		rows.put(row.id(), row);
		try {
			Files.createDirectories(FILE.getParent());
			Files.writeString(FILE, "# xpipe hardening report\n\n\"Lost\" counts messages whose send returned "
					+ "normally and that were never delivered, except those cut by a SIGKILL of their own writer.\n\n"
					+ table());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Row(String id, String scenario, String sent, String delivered, String lost, String duplicated,
			String observations) {
	}

}
