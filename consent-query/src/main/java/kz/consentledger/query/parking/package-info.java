/**
 * What the projections cannot apply is parked, not retried forever: each event is checked
 * for what PostgreSQL refuses before any projection buffers it, a batch that still fails
 * at commit is handled again event by event, and the event that fails waits in Axon's
 * sequenced dead-letter queue with its stream's later events while every other stream
 * goes on. A database outage is never parked: the batch is retried until the database is
 * back (docs/reliability.md).
 */
package kz.consentledger.query.parking;
