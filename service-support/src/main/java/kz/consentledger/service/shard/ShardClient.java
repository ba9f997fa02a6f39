package kz.consentledger.service.shard;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import kz.consentledger.service.shard.ShardingProperties.Shard;

/**
 * GETs of other shards' services, bounded in time and size: a shard that answers slowly,
 * endlessly or hugely fails the call, naming it, and holds no thread past the deadline.
 * The request's own timeout ends once the headers arrive, so each answer is read on a
 * thread of its own whose stream is closed (which ends the read) at the deadline.
 */
public final class ShardClient {

	/** Daemon threads, one per read under way. */
	private static final ExecutorService READERS = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "shard-client-read");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Duration deadline;

	private final int maxBytes;

	/**
	 * @param deadline for the whole of one call, answers read in parallel
	 * @param maxBytes the largest answer read from one shard
	 */
	public ShardClient(Duration deadline, int maxBytes) {
		this.deadline = deadline;
		this.maxBytes = maxBytes;
	}

	/** A shard that could not be read: the message names it and why. */
	public static final class UnavailableException extends IllegalStateException {

		UnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/** The body of the shard's 200 answer to a GET of {@code uri}. */
	public String get(Shard shard, URI uri, Map<String, String> headers) {
		return getAll(List.of(shard), (each) -> uri, headers).get(shard.name());
	}

	/**
	 * The bodies of the shards' 200 answers, by shard name in the order given, asked at
	 * once and all within the deadline.
	 */
	public Map<String, String> getAll(List<Shard> shards, Function<Shard, URI> uri, Map<String, String> headers) {
		Map<Shard, AtomicReference<InputStream>> streams = new LinkedHashMap<>();
		Map<Shard, Future<String>> answers = new LinkedHashMap<>();
		for (Shard shard : shards) {
			AtomicReference<InputStream> stream = new AtomicReference<>();
			streams.put(shard, stream);
			answers.put(shard, READERS.submit(() -> read(shard, uri.apply(shard), headers, stream)));
		}
		long end = System.nanoTime() + this.deadline.toNanos();
		Map<String, String> bodies = new LinkedHashMap<>();
		try {
			for (Map.Entry<Shard, Future<String>> answer : answers.entrySet()) {
				Shard shard = answer.getKey();
				try {
					bodies.put(shard.name(),
							answer.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
				}
				catch (TimeoutException ex) {
					throw new UnavailableException("shard " + shard.name() + " did not answer within "
							+ this.deadline.toSeconds() + " s at " + uri.apply(shard), ex);
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof UnavailableException cause) {
						throw cause;
					}
					throw new UnavailableException("shard " + shard.name() + " could not be read at " + uri.apply(shard)
							+ ": " + ex.getCause(), ex);
				}
			}
			return bodies;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnavailableException("interrupted while reading the shards", ex);
		}
		finally {
			// Whatever is still being read is abandoned: closing its stream ends the
			// read.
			answers.forEach((shard, answer) -> {
				if (!answer.isDone()) {
					answer.cancel(true);
					closeQuietly(streams.get(shard).get());
				}
			});
		}
	}

	private String read(Shard shard, URI uri, Map<String, String> headers, AtomicReference<InputStream> opened) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(this.deadline).GET();
		headers.forEach(request::header);
		try {
			HttpResponse<InputStream> response = this.http.send(request.build(),
					HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = response.body()) {
				opened.set(in);
				if (response.statusCode() != 200) {
					throw new UnavailableException(
							"shard " + shard.name() + " answered " + response.statusCode() + " at " + uri, null);
				}
				byte[] bytes = in.readNBytes(this.maxBytes + 1);
				if (bytes.length > this.maxBytes) {
					throw new UnavailableException(
							"shard " + shard.name() + " sent more than " + this.maxBytes + " bytes at " + uri, null);
				}
				return new String(bytes, StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UnavailableException("shard " + shard.name() + " does not answer at " + uri + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnavailableException("interrupted reading shard " + shard.name(), ex);
		}
	}

	private static void closeQuietly(InputStream stream) {
		if (stream != null) {
			try {
				stream.close();
			}
			catch (IOException ex) {
				// abandoned anyway
			}
		}
	}

}
