package kz.consentledger.command.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import kz.consentledger.command.LedgerProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What an ingestion request must be before anything parses it. A {@code Content-Type}
 * that is not one concrete media type (absent, a wildcard, unparsable) gets 415; a body
 * over {@code ledger.ingest.max-request-bytes} gets 413, by its declared length when
 * there is one, else after reading one byte past the limit. A body within the limit is
 * read here once and handed on.
 */
@Component
class IngestionRequestFilter extends OncePerRequestFilter {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final int maxBytes;

	IngestionRequestFilter(LedgerProperties properties) {
		this.maxBytes = properties.ingest().maxRequestBytes();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/api/v1/events");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentTypeProblem = contentTypeProblem(request.getContentType());
		if (contentTypeProblem != null) {
			refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported Content-Type",
					contentTypeProblem);
			return;
		}
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			refuse(response, HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request body too large",
					tooLarge(declared + " bytes"));
			return;
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBytes + 1);
		if (body.length > this.maxBytes) {
			refuse(response, HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request body too large",
					tooLarge("more than " + this.maxBytes + " bytes"));
			return;
		}
		chain.doFilter(new ReadBody(request, body), response);
	}

	private static String contentTypeProblem(String contentType) {
		String expected = "; send application/cloudevents+json, application/cloudevents-batch+json, or the data's "
				+ "application/json with ce-* headers";
		if (contentType == null || contentType.isBlank()) {
			return "Content-Type is missing" + expected;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			if (type.isWildcardType() || type.isWildcardSubtype()) {
				return "Content-Type " + ContractLimits.oneLine(contentType) + " is not one media type" + expected;
			}
			return null;
		}
		catch (InvalidMediaTypeException ex) {
			return "Content-Type " + ContractLimits.oneLine(contentType) + " cannot be read" + expected;
		}
	}

	private String tooLarge(String size) {
		return "the body has " + size + "; at most " + this.maxBytes
				+ " bytes are accepted (ledger.ingest.max-request-bytes): send fewer events per request";
	}

	private static void refuse(HttpServletResponse response, HttpStatus status, String type, String title,
			String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType("application/problem+json");
		// Connection: close, so the container does not read the rest of a huge body.
		response.setHeader("Connection", "close");
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "https://consent-ledger.kz/problems/" + type);
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		response.getOutputStream().write(JSON.writeValueAsBytes(problem));
	}

	/** The request with its body already read. */
	private static final class ReadBody extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() throws IOException {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already read");
				}

			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
