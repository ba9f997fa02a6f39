package kz.consentledger.query.parking;

import kz.consentledger.query.consent.CurrentConsentProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.stereotype.Component;

/**
 * Checks every event ({@link StorableEvents}) before any projection's handler sees it, in
 * one place for every handler of the projections' processor, present and future. The
 * first handler of an event fails, before anything of it is buffered, and the dead-letter
 * queue parks the event with the field in its cause. An event is checked once, however
 * many handlers it has.
 */
@Component
class StorableEventGuard implements HandlerEnhancerDefinition {

	/** The event this thread checked last. */
	private static final ThreadLocal<EventMessage<?>> CHECKED = new ThreadLocal<>();

	@Override
	public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
		ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
		if (group == null || !CurrentConsentProjection.GROUP.equals(group.value())
				|| !original.canHandleMessageType(EventMessage.class)) {
			return original;
		}
		return new WrappedMessageHandlingMember<>(original) {

			@Override
			public Object handle(Message<?> message, T target) throws Exception {
				if (message instanceof EventMessage<?> event && CHECKED.get() != event) {
					StorableEvents.check(event);
					CHECKED.set(event);
				}
				return super.handle(message, target);
			}

		};
	}

}
