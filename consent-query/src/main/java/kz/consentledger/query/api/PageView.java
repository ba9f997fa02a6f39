package kz.consentledger.query.api;

import java.util.List;

/** One page of a list; {@code page} counts from 0. */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

	public static final int MAX_SIZE = 500;

	public static <T> PageView<T> of(List<T> items, int page, int size, long totalItems) {
		return new PageView<>(items, page, size, totalItems, (int) ((totalItems + size - 1) / size));
	}

	/** Rejects a page request that cannot be served, naming the parameter. */
	public static void check(int page, int size) {
		if (page < 0) {
			throw new IllegalArgumentException("page must be 0 or more, was " + page);
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", was " + size);
		}
	}

}
