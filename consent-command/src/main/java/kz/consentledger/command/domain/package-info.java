/**
 * The ledger's domain: the aggregates that decide what each incoming fact means (a
 * subject's consent at one operator, an operator's policy versions), the sharing verdict
 * and Kazakhstan's working-day calendar. Free of Spring and Kafka (an ArchUnit test keeps
 * it so); time arrives with the commands.
 */
package kz.consentledger.command.domain;
