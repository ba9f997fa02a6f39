package kz.consentledger.events;

/**
 * An event of one subject's stream at one operator ({@code <operator>:<subject>}). It
 * adds no property to the stored JSON: the record's own components answer it.
 */
public interface SubjectEvent {

	String operator();

	String subject();

}
