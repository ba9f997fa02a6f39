package kz.consentledger.query.shard;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.service.shard.ShardingProperties.Shard;
import kz.consentledger.service.shard.Shards;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The other shards' parts of a view across operators: the same GET, as JSON, sent to
 * every other shard's query service with the caller's own credentials, so that each shard
 * checks the caller's rights and records the access in its own audit chain. A shard that
 * does not answer fails the whole request (502, naming it): a view across operators is
 * complete or not given. A request forwarded here carries {@value #FORWARDED} and is
 * answered for this shard alone.
 */
@Component
public class ShardFanOut {

	/** Marks a request one shard sent another: it is not sent on again. */
	public static final String FORWARDED = "Ledger-Fan-Out";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Shards shards;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	ShardFanOut(Shards shards) {
		this.shards = shards;
	}

	/** Whether the answer to this request must include the other shards' parts. */
	public boolean applies(HttpServletRequest request) {
		return this.shards.sharded() && request.getHeader(FORWARDED) == null;
	}

	/** This shard's name, to mark its own part; null when not sharded. */
	public String self() {
		return this.shards.self().map(Shard::name).orElse(null);
	}

	/**
	 * Every other shard's answer to this GET as JSON ({@code format=json}), read as
	 * {@code type}, by shard name in the map's order.
	 */
	public <T> Map<String, List<T>> fromOthers(HttpServletRequest request, Class<T[]> type) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "this view spans the ledger's shards, and a "
					+ "browser session cannot be forwarded to them: sign in with a token (Authorization header), "
					+ "or ask each shard");
		}
		StringBuilder query = new StringBuilder();
		request.getParameterMap().forEach((name, values) -> {
			if (!"format".equals(name)) {
				for (String value : values) {
					query.append(encoded(name)).append('=').append(encoded(value)).append('&');
				}
			}
		});
		query.append("format=json");
		Map<String, List<T>> parts = new LinkedHashMap<>();
		for (Shard shard : this.shards.all()) {
			if (shard.name().equals(self())) {
				continue;
			}
			URI uri = URI.create(Shards.base(shard.queryUrl()) + request.getRequestURI() + "?" + query);
			HttpRequest.Builder forwarded = HttpRequest.newBuilder(uri)
				.timeout(TIMEOUT)
				.header(HttpHeaders.AUTHORIZATION, authorization)
				.header(HttpHeaders.ACCEPT, "application/json")
				.header(FORWARDED, self());
			String reason = request.getHeader("X-Access-Reason");
			if (reason != null) {
				forwarded.header("X-Access-Reason", reason);
			}
			parts.put(shard.name(), List.of(read(shard, uri, forwarded.GET().build(), type)));
		}
		return parts;
	}

	private <T> T[] read(Shard shard, URI uri, HttpRequest request, Class<T[]> type) {
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
					"shard " + shard.name() + " does not answer at " + Shards.base(shard.queryUrl()) + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted", ex);
		}
		if (response.statusCode() != 200) {
			// The shard's own refusal (403 for an operator out of the caller's scope) is
			// passed on as such.
			HttpStatus status = (response.statusCode() == 401 || response.statusCode() == 403)
					? HttpStatus.valueOf(response.statusCode()) : HttpStatus.BAD_GATEWAY;
			throw new ResponseStatusException(status,
					"shard " + shard.name() + " answered " + response.statusCode() + " for its part of this view");
		}
		try {
			return JSON.readValue(response.body(), type);
		}
		catch (JacksonException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
					"shard " + shard.name() + " answered no list at " + uri.getPath(), ex);
		}
	}

	private static String encoded(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
