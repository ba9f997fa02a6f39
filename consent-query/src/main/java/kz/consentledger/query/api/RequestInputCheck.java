package kz.consentledger.query.api;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import kz.consentledger.query.audit.AccessAudit;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every path segment, query parameter and access reason of a request is checked before
 * any handler reads the database or the access audit records it: no control characters (a
 * NUL, which PostgreSQL refuses, or a line break, which would forge lines of a log or a
 * CSV), no lone surrogates (not encodable as UTF-8), an operator of 12 digits and a
 * subject of at most 128 characters (the sizes the ledger stores). What fails is a 400
 * problem naming the parameter, never a 500 from the database.
 */
@Configuration(proxyBeanMethods = false)
class RequestInputCheck implements WebMvcConfigurer, HandlerInterceptor {

	/** Characters of a subject id, as the contract and every table bound it. */
	static final int MAX_SUBJECT_LENGTH = 128;

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
			variables.forEach((name, value) -> check(String.valueOf(name), String.valueOf(value)));
		}
		request.getParameterMap().forEach((name, values) -> {
			check("parameter name", name);
			if (values.length > 1 && (name.equals("operator") || name.equals("subject"))) {
				// Spring would join them with a comma into a value no column holds.
				throw new InvalidParameterException(name, "is given " + values.length + " times; give it once");
			}
			for (String value : values) {
				check(name, value);
			}
		});
		String reason = request.getHeader(AccessAudit.REASON_HEADER);
		if (reason != null) {
			check(AccessAudit.REASON_HEADER, reason);
		}
		return true;
	}

	private static void check(String name, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c)) {
				throw new InvalidParameterException(name,
						String.format("holds the control character \\u%04x at index %d", (int) c, i));
			}
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new InvalidParameterException(name, "holds a lone surrogate at index " + i);
			}
		}
		if (name.equals("operator") && !value.matches("[0-9]{12}")) {
			throw new InvalidParameterException(name, "must be a BIN of 12 digits");
		}
		if (name.equals("subject") && value.codePointCount(0, value.length()) > MAX_SUBJECT_LENGTH) {
			throw new InvalidParameterException(name, "is " + value.codePointCount(0, value.length())
					+ " characters long; subject ids have at most " + MAX_SUBJECT_LENGTH);
		}
	}

}
