package kz.consentledger.query.shard;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import kz.consentledger.service.shard.ShardClient;
import kz.consentledger.service.shard.ShardingProperties.Shard;
import kz.consentledger.service.shard.Shards;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The other shards' parts of a view across operators: the same GET, as JSON, sent at once
 * to every other shard's query service with the caller's own credentials, so that each
 * shard checks the caller's rights and records the access in its own audit chain. A shard
 * that does not answer, or not within 20 s, or with more than 32 MiB (narrow the view),
 * fails the whole request (502, naming it). A request one shard forwards another carries
 * {@value #FORWARDED} and is answered for that shard alone; every answer names the shards
 * it covers in {@value #COVERED}, so an answer for fewer shards than the ledger has never
 * passes for the whole.
 */
@Component
public class ShardFanOut {

	/** Marks a request one shard sent another: it is not sent on again. */
	public static final String FORWARDED = "Ledger-Fan-Out";

	/** The shards an answer covers. */
	public static final String COVERED = "Ledger-Shards";

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Shards shards;

	/**
	 * Views gathered at once by this instance: each may hold a request thread for the
	 * client's 20 s and 32 MiB per shard, and any signed-in account may ask the list of
	 * operators, so a slow shard must not take every thread or the heap.
	 */
	static final int MAX_GATHERING = 4;

	private final ShardClient client = new ShardClient(Duration.ofSeconds(20), 32 * 1024 * 1024);

	private final Semaphore gathering = new Semaphore(MAX_GATHERING);

	ShardFanOut(Shards shards) {
		this.shards = shards;
	}

	/**
	 * Whether the answer to this request must include the other shards' parts: in a
	 * sharded ledger, unless another shard forwarded it.
	 */
	public boolean applies(HttpServletRequest request) {
		return this.shards.sharded() && request.getHeader(FORWARDED) == null;
	}

	/** Whether the request can be forwarded: it signs in with a header, not a session. */
	public boolean forwardable(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) != null;
	}

	/** This shard's name, to mark its own part; null when not sharded. */
	public String self() {
		return this.shards.self().map(Shard::name).orElse(null);
	}

	/** The name of the shard the map gives this operator to; null when not sharded. */
	public String ownerOf(String operator) {
		return this.shards.ownerOf(operator).map(Shard::name).orElse(null);
	}

	/** Says on the response which shards it covers (sharded ledgers only). */
	public void cover(HttpServletResponse response, boolean everyShard) {
		if (this.shards.sharded()) {
			response.setHeader(COVERED,
					everyShard ? String.join(", ", this.shards.all().stream().map(Shard::name).toList()) : self());
		}
	}

	/**
	 * Every other shard's answer to this GET as JSON ({@code format=json}), read as
	 * {@code type}, by shard name in the map's order.
	 */
	public <T> Map<String, List<T>> fromOthers(HttpServletRequest request, Class<T[]> type) {
		if (!forwardable(request)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "this view spans the ledger's shards, and a "
					+ "browser session cannot be forwarded to them: sign in with a token (Authorization header), "
					+ "or ask each shard");
		}
		if (!this.gathering.tryAcquire()) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "this instance is gathering "
					+ MAX_GATHERING + " views across the shards already: ask again in a few seconds");
		}
		try {
			return gather(request, type);
		}
		finally {
			this.gathering.release();
		}
	}

	private <T> Map<String, List<T>> gather(HttpServletRequest request, Class<T[]> type) {
		StringBuilder query = new StringBuilder();
		request.getParameterMap().forEach((name, values) -> {
			if (!"format".equals(name)) {
				for (String value : values) {
					query.append(encoded(name)).append('=').append(encoded(value)).append('&');
				}
			}
		});
		query.append("format=json");
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(HttpHeaders.AUTHORIZATION, request.getHeader(HttpHeaders.AUTHORIZATION));
		headers.put(HttpHeaders.ACCEPT, "application/json");
		headers.put(FORWARDED, self());
		String reason = request.getHeader("X-Access-Reason");
		if (reason != null) {
			headers.put("X-Access-Reason", reason);
		}
		List<Shard> others = this.shards.all().stream().filter((shard) -> !shard.name().equals(self())).toList();
		Map<String, String> bodies;
		try {
			bodies = this.client.getAll(others,
					(shard) -> URI.create(Shards.base(shard.queryUrl()) + request.getRequestURI() + "?" + query),
					headers);
		}
		catch (ShardClient.UnavailableException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
					ex.getMessage() + ": this view spans every shard, and is not given in part", ex);
		}
		Map<String, List<T>> parts = new LinkedHashMap<>();
		bodies.forEach((shard, body) -> {
			try {
				parts.put(shard, List.of(JSON.readValue(body, type)));
			}
			catch (JacksonException ex) {
				throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
						"shard " + shard + " answered no list at " + request.getRequestURI(), ex);
			}
		});
		return parts;
	}

	private static String encoded(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
