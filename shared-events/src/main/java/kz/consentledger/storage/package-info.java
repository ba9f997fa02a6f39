/**
 * How events are stored: the serializer and the event table layout that the command
 * service writes and the query service reads. Both services use these, so they cannot
 * disagree.
 */
package kz.consentledger.storage;
