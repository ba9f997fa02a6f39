package kz.consentledger.witness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The witness over HTTP (the JDK's server): {@code POST /add-checkpoint},
 * {@code GET /latest?origin=}, {@code GET /vkey}, {@code GET /health}. Bodies are limited
 * and read under a deadline; whatever a client sends gets a one-line answer.
 */
final class WitnessServer implements AutoCloseable {

	static final int MAX_BODY = 64 * 1024;

	static {
		// the JDK server's own deadlines (seconds): a client that sends slowly is cut off
		System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
		System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "10"));
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private WitnessServer(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	static WitnessServer start(Witness witness, InetSocketAddress address) throws IOException {
		HttpServer server = HttpServer.create(address, 64);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		server.setExecutor(executor);
		server.createContext("/", (exchange) -> handle(witness, exchange));
		server.start();
		return new WitnessServer(server, executor);
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private static void handle(Witness witness, HttpExchange exchange) throws IOException {
		try (exchange) {
			Answer answer;
			try {
				answer = route(witness, exchange);
			}
			catch (UncheckedIOException ex) {
				answer = Answer.text(503, ex.getMessage() + ": " + ex.getCause());
			}
			catch (RuntimeException ex) {
				answer = Answer.text(500, "witness error: " + ex);
			}
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", answer.contentType());
			exchange.sendResponseHeaders(answer.status(), body.length);
			exchange.getResponseBody().write(body);
		}
	}

	private static Answer route(Witness witness, HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		String method = exchange.getRequestMethod();
		boolean get = "GET".equals(method);
		switch (path) {
			case "/add-checkpoint":
				if (!"POST".equals(method)) {
					return Answer.text(405, "add-checkpoint is a POST");
				}
				byte[] body = readLimited(exchange);
				return (body == null) ? Answer.text(413, "the request is larger than " + MAX_BODY + " bytes")
						: witness.addCheckpoint(body);
			case "/latest":
				if (!get) {
					return Answer.text(405, "latest is a GET");
				}
				String origin = queryParameter(exchange.getRequestURI().getRawQuery(), "origin");
				if (origin == null) {
					return Answer.text(400, "name the log: /latest?origin=...");
				}
				return witness.latest(origin)
					.map((note) -> new Answer(200, Answer.TEXT, note.text()))
					.orElseGet(() -> Answer.text(404, "no checkpoint of " + origin + " was cosigned"));
			case "/vkey":
				return get ? Answer.text(200, witness.verifier().vkey()) : Answer.text(405, "vkey is a GET");
			case "/health":
				return get ? Answer.text(200, "ok") : Answer.text(405, "health is a GET");
			default:
				return Answer.text(404, "no such path: add-checkpoint, latest, vkey, health");
		}
	}

	/** The request body, or null when it exceeds {@link #MAX_BODY}. */
	private static byte[] readLimited(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				out.write(buffer, 0, read);
				if (out.size() > MAX_BODY) {
					return null;
				}
			}
			return out.toByteArray();
		}
	}

	private static String queryParameter(String query, String name) {
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).equals(name)) {
				try {
					return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					return null;
				}
			}
		}
		return null;
	}

}
