package kz.consentledger.command.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import kz.consentledger.command.LedgerProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an ingestion body over {@code ledger.ingest.max-request-bytes} with 413 before
 * anything parses it: by its declared length when there is one, else after reading one
 * byte past the limit. A body within the limit is read here once and handed on.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

	private final int maxBytes;

	RequestSizeLimit(LedgerProperties properties) {
		this.maxBytes = properties.ingest().maxRequestBytes();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/api/v1/events");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			refuse(response, declared);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBytes + 1);
		if (body.length > this.maxBytes) {
			refuse(response, -1);
			return;
		}
		chain.doFilter(new ReadBody(request, body), response);
	}

	private void refuse(HttpServletResponse response, long declared) throws IOException {
		String size = (declared >= 0) ? declared + " bytes" : "more than " + this.maxBytes + " bytes";
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType("application/problem+json");
		// Connection: close, so the container does not read the rest of a huge body.
		response.setHeader("Connection", "close");
		response.getOutputStream()
			.write(("{\"type\":\"https://consent-ledger.kz/problems/too-large\",\"title\":\"Request body too large\","
					+ "\"status\":413,\"detail\":\"the body has " + size + "; at most " + this.maxBytes
					+ " bytes are accepted (ledger.ingest.max-request-bytes): send fewer events per request\"}")
				.getBytes(StandardCharsets.UTF_8));
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
