package kz.consentledger.query.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** RFC 4180 CSV, safe to open in a spreadsheet. */
public final class Csv {

	/** {@code text/csv; charset=UTF-8}. */
	public static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private Csv() {
	}

	/**
	 * Whether a {@code format} parameter asks for CSV rather than JSON.
	 * @throws IllegalArgumentException for any other format
	 */
	public static boolean requested(String format) {
		if (!format.equals("json") && !format.equals("csv")) {
			throw new IllegalArgumentException("format must be json or csv, not " + format);
		}
		return format.equals("csv");
	}

	/** A quoted field; a leading formula character is neutralised for spreadsheets. */
	public static String field(String value) {
		if (value == null) {
			return "";
		}
		String safe = (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) ? "'" + value : value;
		return "\"" + safe.replace("\"", "\"\"") + "\"";
	}

	/**
	 * A header line (column keys are plain identifiers, written as they are) and one line
	 * per row; numbers stay unquoted.
	 */
	public static String of(List<String> columns, List<List<Object>> rows) {
		StringBuilder csv = new StringBuilder(String.join(",", columns)).append("\r\n");
		rows.forEach((row) -> line(csv, row));
		return csv.toString();
	}

	/** The CSV as a download named {@code filename}. */
	public static ResponseEntity<String> download(String filename, String csv) {
		return ResponseEntity.ok()
			.contentType(TEXT_CSV)
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
			.body(csv);
	}

	private static void line(StringBuilder csv, List<?> values) {
		for (int i = 0; i < values.size(); i++) {
			Object value = values.get(i);
			if (i > 0) {
				csv.append(',');
			}
			csv.append((value instanceof Number || value instanceof Boolean) ? value.toString()
					: field((value != null) ? value.toString() : null));
		}
		csv.append("\r\n");
	}

}
