package kz.consentledger.query.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as the projections' processor sees it, with streams that say when new
 * events arrive. Axon's pooled processor, once it has read every event, looks again only
 * after 500 ms unless its stream can call it back, and the embedded event store's streams
 * cannot: half a second of end-to-end lag at any load (docs/benchmarks.md). Each stream
 * here has a watcher thread that tails the store from its head on a stream of its own (so
 * the processor's stream is only ever used by the processor) and calls the processor back
 * as soon as the store's reader finds new events, which it looks for every
 * {@code ledger.projections.poll-interval}.
 */
public final class WakingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

	private final EmbeddedEventStore store;

	public WakingEventSource(EmbeddedEventStore store) {
		this.store = store;
	}

	@Override
	public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
		return new WakingStream(this.store.openStream(trackingToken));
	}

	@Override
	public TrackingToken createTailToken() {
		return this.store.createTailToken();
	}

	@Override
	public TrackingToken createHeadToken() {
		return this.store.createHeadToken();
	}

	@Override
	public TrackingToken createTokenAt(Instant dateTime) {
		return this.store.createTokenAt(dateTime);
	}

	@Override
	public TrackingToken createTokenSince(Duration duration) {
		return this.store.createTokenSince(duration);
	}

	private final class WakingStream implements BlockingStream<TrackedEventMessage<?>> {

		private final BlockingStream<TrackedEventMessage<?>> events;

		private volatile Thread watcher;

		private volatile boolean closed;

		WakingStream(BlockingStream<TrackedEventMessage<?>> events) {
			this.events = events;
		}

		@Override
		public Optional<TrackedEventMessage<?>> peek() {
			return this.events.peek();
		}

		@Override
		public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
			return this.events.hasNextAvailable(timeout, unit);
		}

		@Override
		public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
			return this.events.nextAvailable();
		}

		@Override
		public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
			this.events.skipMessagesWithPayloadTypeOf(ignoredMessage);
		}

		/**
		 * Starts the watcher. Events appended before it starts are on the processor's
		 * stream already, which the processor reads right after it sets the callback.
		 */
		@Override
		public synchronized boolean setOnAvailableCallback(Runnable callback) {
			if (this.watcher != null) {
				this.watcher.interrupt();
			}
			TrackingToken head = WakingEventSource.this.store.createHeadToken();
			Thread thread = new Thread(() -> watch(WakingEventSource.this.store.openStream(head), callback),
					"projection-wake");
			thread.setDaemon(true);
			thread.start();
			this.watcher = thread;
			return true;
		}

		private void watch(BlockingStream<TrackedEventMessage<?>> newEvents, Runnable callback) {
			try (newEvents) {
				while (!this.closed && !Thread.currentThread().isInterrupted()) {
					if (newEvents.hasNextAvailable(1, TimeUnit.SECONDS)) {
						// Only arrival matters here: skip what arrived, then wake the
						// processor once for all of it.
						while (newEvents.hasNextAvailable()) {
							newEvents.nextAvailable();
						}
						callback.run();
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public synchronized void close() {
			this.closed = true;
			if (this.watcher != null) {
				this.watcher.interrupt();
			}
			this.events.close();
		}

	}

}
