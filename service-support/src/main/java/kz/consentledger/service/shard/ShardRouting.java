package kz.consentledger.service.shard;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import kz.consentledger.service.shard.ShardingProperties.Shard;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request about an operator another shard keeps ({@code /api/v1/operators/{BIN}/…}) is
 * sent there: 307 (method and body kept) to the same path and query at the owner's
 * address, with an RFC 9457 problem naming the shard. It runs before sign-in, since this
 * shard reads nothing for it; the owner checks the caller's rights and records the
 * access. A gateway or ingress that routes by the path's BIN spares clients the hop.
 */
public final class ShardRouting extends OncePerRequestFilter {

	private static final Pattern OPERATOR_PATH = Pattern.compile("^/api/v1/operators/(\\d{12})(?:/.*)?$");

	private static final Pattern BIN = Pattern.compile("\\d{12}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Before Spring Security's filters (-100), after the request wrappers. */
	private static final int ORDER = -200;

	private final Shards shards;

	private final Function<Shard, URI> address;

	private final UrlPathHelper paths = new UrlPathHelper();

	/**
	 * @param address the base address of the service of a shard that answers here (the
	 * command or the query service)
	 */
	public ShardRouting(Shards shards, Function<Shard, URI> address) {
		this.shards = shards;
		this.address = address;
		this.paths.setUrlDecode(true);
		this.paths.setRemoveSemicolonContent(true);
	}

	/** The filter, registered for every request of the service. */
	public static FilterRegistrationBean<ShardRouting> registration(Shards shards, Function<Shard, URI> address) {
		FilterRegistrationBean<ShardRouting> registration = new FilterRegistrationBean<>(
				new ShardRouting(shards, address));
		registration.setOrder(ORDER);
		return registration;
	}

	/**
	 * The operator a request is about: the BIN in its path, or the one {@code operator}
	 * parameter of a GET ({@code /api/v1/clocks?operator=},
	 * {@code /api/v1/audit/accesses?operator=}); a POST's body is not read here.
	 */
	private String operatorOf(HttpServletRequest request) {
		// Decoded as the controllers see it: a percent-encoded digit must not slip past.
		Matcher path = OPERATOR_PATH.matcher(this.paths.getLookupPathForRequest(request));
		if (path.matches()) {
			return path.group(1);
		}
		String[] named = "GET".equals(request.getMethod()) ? request.getParameterValues("operator") : null;
		return (named != null && named.length == 1 && BIN.matcher(named[0].strip()).matches()) ? named[0].strip()
				: null;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.shards.sharded();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String operator = operatorOf(request);
		if (operator == null || this.shards.keeps(operator)) {
			chain.doFilter(request, response);
			return;
		}
		Shard owner = this.shards.ownerOf(operator).orElseThrow();
		String base = Shards.base(this.address.apply(owner));
		String location = base + request.getRequestURI()
				+ ((request.getQueryString() != null) ? "?" + request.getQueryString() : "");
		ObjectNode problem = JSON.createObjectNode()
			.put("type", "https://consent-ledger.kz/problems/other-shard")
			.put("title", "Kept by another shard")
			.put("status", HttpStatus.TEMPORARY_REDIRECT.value())
			.put("detail", "operator " + operator + "'s events are kept by shard " + owner.name() + ", at " + base)
			.put("shard", owner.name());
		response.setStatus(HttpStatus.TEMPORARY_REDIRECT.value());
		response.setHeader(HttpHeaders.LOCATION, location);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
	}

}
