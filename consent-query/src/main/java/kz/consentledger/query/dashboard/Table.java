package kz.consentledger.query.dashboard;

import java.util.List;

/**
 * One table of the dashboard: column keys (the pages translate them) and rows in that
 * order. {@code more} says that the list goes on past this page.
 */
public record Table(String name, List<String> columns, List<List<Object>> rows, boolean more) {

	static Table of(String name, List<String> columns, List<List<Object>> rows) {
		return new Table(name, columns, rows, false);
	}

}
